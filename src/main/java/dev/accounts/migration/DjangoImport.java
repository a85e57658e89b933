package dev.accounts.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.security.PasswordHashFormats;
import dev.accounts.user.DisplayNames;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Moves the users of a live Django database into the service: {@code auth_user} with its password
 * hashes as they are (verified at login, replaced by argon2id then), {@code auth_group} memberships,
 * {@code is_superuser}/{@code is_staff} and the {@code UserRegistrationModel} one-to-one table. The
 * source is read in one streaming query (a server-side cursor), the users written in batches by
 * {@link ImportedUserWriter}, so that memory stays flat for a million users. An address that already
 * has an account is left alone, so a second run changes nothing; addresses that differ only in case
 * (or Unicode compatibility form) are reported for a person to resolve, never merged.
 */
@ApplicationScoped
public class DjangoImport {

    public static final int MAX_REPORTED_PROBLEMS = 1000;
    // 5,000 rather than 2,000: fewer statements and commits per million users (bench/django-import on a
    // quiet machine: about 16,000 users/s at 2,000, 19,000 at 5,000); three batches in flight stay small.
    static final int BATCH_SIZE = 5000;
    static final int WRITERS = 2;
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    @Inject
    ImportedUserWriter writer;

    @Inject
    DataSource dataSource;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** What to import and how; {@code registrationTable} null: found by its one-to-one column to auth_user. */
    public record Options(String registrationTable, String superuserRole, String staffRole,
            Map<String, String> groupRoles, Instant since, boolean dryRun) {
    }

    /** Thrown for a source that is not a Django database this import understands; the message says why. */
    public static final class SourceException extends RuntimeException {
        SourceException(String message) {
            super(message, null, false, false);
        }
    }

    /** Imports from the open Django connection; {@code progress} hears the number of users read per batch. */
    public DjangoImportSummary run(Connection django, Options options, LongConsumer progress) throws SQLException {
        checkRole(options.superuserRole());
        checkRole(options.staffRole());
        django.setAutoCommit(false);
        django.setReadOnly(true);
        String registrationTable = registrationTable(django, options.registrationTable());
        Set<Long> caseVariants = caseVariantIds(django);
        Report report = new Report(options.dryRun());
        Map<String, String> groupRoles = new TreeMap<>();
        List<ImportedUser> batch = new ArrayList<>(BATCH_SIZE);
        Writes writes = new Writes();
        try (PreparedStatement select = django.prepareStatement(sourceQuery(registrationTable, options.since() != null))) {
            select.setFetchSize(BATCH_SIZE);
            if (options.since() != null) {
                Timestamp since = Timestamp.from(options.since());
                select.setTimestamp(1, since);
                select.setTimestamp(2, since);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    report.read++;
                    long djangoId = rs.getLong("id");
                    Optional<ImportedUser> user = toUser(rs, djangoId, registrationTable != null, caseVariants, options,
                            groupRoles, report);
                    user.ifPresent(batch::add);
                    if (batch.size() == BATCH_SIZE) {
                        writes.submit(List.copyOf(batch), report);
                        batch.clear();
                        progress.accept(report.read);
                    }
                }
            }
            writes.submit(List.copyOf(batch), report);
            writes.finish();
        } finally {
            writes.close();
            django.rollback();
        }
        progress.accept(report.read);
        if (!options.dryRun()) {
            Map<String, Object> details = Map.of("source", "django", "imported", report.imported.sum(),
                    "alreadyPresent", report.alreadyPresent.sum(), "skipped", report.skipped);
            QuarkusTransaction.requiringNew().run(() -> audit.record(AuditType.USERS_IMPORTED, null, null, details));
        }
        return report.summary(registrationTable, groupRoles);
    }

    private Optional<ImportedUser> toUser(ResultSet rs, long djangoId, boolean hasRegistrationTable,
            Set<Long> caseVariants, Options options, Map<String, String> groupRoles, Report report) throws SQLException {
        String rawEmail = rs.getString("email");
        String hash = rs.getString("password");
        boolean active = rs.getBoolean("is_active");
        UserStatus status = active ? UserStatus.ACTIVE : UserStatus.DISABLED;
        report.count(report.byStatus, status.name());
        Optional<PasswordHashFormats.Format> format = PasswordHashFormats.importableFormatOf(hash);
        boolean unusable = format.isEmpty() && (hash == null || hash.isEmpty() || PasswordHashFormats.isUnusable(hash));
        report.count(report.byFormat, format.map(PasswordHashFormats.Format::label)
                .orElse(unusable ? "unusable" : PasswordHashFormats.formatOf(hash).isPresent() || PasswordHashFormats.importRefusal(hash)
                        .filter(reason -> reason.contains("maximum") || reason.contains("derives")).isPresent() ? "over_cost_bounds" : "unknown"));
        if (rawEmail == null || rawEmail.isBlank()) {
            report.skip(djangoId, "email: blank in Django (username only); give the user an address and run again");
            return Optional.empty();
        }
        Optional<EmailAddress> email = EmailAddress.parse(rawEmail);
        if (email.isEmpty()) {
            report.skip(djangoId, "email: not an address the service accepts");
            return Optional.empty();
        }
        if (caseVariants.contains(djangoId)) {
            report.skip(djangoId, "email: another Django user has the same address in another case; not merged, "
                    + "resolve it in Django and run again");
            return Optional.empty();
        }
        if (format.isEmpty() && !unusable) {
            report.skip(djangoId, "password: " + PasswordHashFormats.importRefusal(hash)
                    .orElse("a hash format the service cannot verify"));
            return Optional.empty();
        }
        Set<String> roles = new LinkedHashSet<>();
        roles.add(User.DEFAULT_ROLE);
        if (rs.getBoolean("is_superuser")) {
            roles.add(options.superuserRole());
        }
        if (rs.getBoolean("is_staff")) {
            roles.add(options.staffRole());
        }
        java.sql.Array groups = rs.getArray("groups");
        if (groups != null) {
            for (Object group : (Object[]) groups.getArray()) {
                String role = groupRoles.computeIfAbsent((String) group,
                        name -> options.groupRoles().getOrDefault(name, roleName(name)));
                if (role.isEmpty()) {
                    report.skip(djangoId, "groups: a group name that makes no role name; map it with --group-role");
                    return Optional.empty();
                }
                roles.add(role);
            }
        }
        String name = (nullToEmpty(rs.getString("first_name")) + " " + nullToEmpty(rs.getString("last_name"))).strip();
        Instant joined = rs.getTimestamp("date_joined").toInstant();
        Timestamp lastLogin = rs.getTimestamp("last_login");
        boolean registered = hasRegistrationTable && rs.getBoolean("registered");
        return Optional.of(new ImportedUser(UUID.randomUUID(), email.get().value(), email.get().normalized(),
                // Django's make_password(None) is "!" and 40 characters; an empty hash means the same to Django.
                unusable ? (hash == null || hash.isEmpty() ? "!" : hash) : hash,
                DisplayNames.clean(name).orElse(null), status, joined, lastLogin == null ? null : lastLogin.toInstant(),
                roles, registered, registered && active ? joined : null));
    }

    /**
     * Batches written on {@link #WRITERS} threads of their own while the next ones are read and checked,
     * at most one more than that in flight: PostgreSQL works on the source and the target at once, and
     * memory stays at a few batches. Two writers because the index maintenance of one batch (the unique
     * address, the prefix and trigram search indexes, the roles and registrations) is one backend on one
     * core: with a single writer the database left the machine's second core half idle. Batches never
     * conflict with each other (case variants are set aside before), so parallel writers cannot deadlock.
     */
    private final class Writes implements AutoCloseable {
        private final BatchWrites<Void> writes = new BatchWrites<>(WRITERS, WRITERS + 1, "import-django-writer");

        void submit(List<ImportedUser> batch, Report report) throws SQLException {
            if (!batch.isEmpty()) {
                writes.submit(() -> {
                    write(batch, report);
                    return null;
                }, written -> { });
            }
        }

        void finish() throws SQLException {
            writes.finish();
        }

        @Override
        public void close() {
            writes.close();
        }
    }

    /** Runs on a writer thread; only they touch the report's imported and alreadyPresent counts. */
    private void write(List<ImportedUser> batch, Report report) throws SQLException {
        // Made durable by the audit event's ordinary commit at the end of run(), before any count is reported.
        Set<UUID> inserted = report.dryRun ? absent(batch) : writer.writeFlushedLater(batch, clock.instant());
        report.imported.add(inserted.size());
        report.alreadyPresent.add(batch.size() - inserted.size());
    }

    /** Dry run: the users of the batch whose address has no account yet (what a real run would insert). */
    private Set<UUID> absent(List<ImportedUser> batch) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT email_normalized FROM users WHERE email_normalized = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("varchar",
                    batch.stream().map(ImportedUser::emailNormalized).toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
        }
        Set<UUID> absent = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (ImportedUser user : batch) {
            if (!present.contains(user.emailNormalized()) && seen.add(user.emailNormalized())) {
                absent.add(user.id());
            }
        }
        return absent;
    }

    /**
     * One pass over auth_user with its groups and registration joined by hash (no ORDER BY: a million
     * correlated look-ups or a sort would cost the source more than the whole import costs the target).
     */
    private static String sourceQuery(String registrationTable, boolean since) {
        return "SELECT u.id, u.email, u.password, u.first_name, u.last_name, u.is_active, u.is_staff, u.is_superuser, "
                + "u.date_joined, u.last_login, g.groups"
                + (registrationTable == null ? "" : ", r.user_id IS NOT NULL AS registered")
                + " FROM auth_user u"
                + " LEFT JOIN (SELECT ug.user_id, array_agg(g.name ORDER BY g.name) AS groups FROM auth_user_groups ug"
                + " JOIN auth_group g ON g.id = ug.group_id GROUP BY ug.user_id) g ON g.user_id = u.id"
                + (registrationTable == null ? "" : " LEFT JOIN " + registrationTable + " r ON r.user_id = u.id")
                + (since ? " WHERE u.date_joined >= ? OR u.last_login >= ?" : "");
    }

    /**
     * The UserRegistrationModel table: the one named, or the one table whose {@code user_id} is a unique
     * (one-to-one) foreign key to auth_user, preferring a name ending in {@code userregistrationmodel}.
     */
    private static String registrationTable(Connection django, String named) throws SQLException {
        try (PreparedStatement check = django.prepareStatement("SELECT to_regclass('auth_user') IS NOT NULL")) {
            try (ResultSet rs = check.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new SourceException("no auth_user table: not a Django database (or not its schema on the search path)");
                }
            }
        }
        if (named != null) {
            if (!TABLE.matcher(named).matches()) {
                throw new SourceException("--registration-table: not a table name");
            }
            try (PreparedStatement check = django.prepareStatement("""
                    SELECT count(*) FROM pg_attribute
                    WHERE attrelid = to_regclass(?) AND attname = 'user_id' AND NOT attisdropped
                    """)) {
                check.setString(1, named);
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SourceException("--registration-table: no such table with a user_id column");
                    }
                }
            }
            return named;
        }
        List<String> candidates = new ArrayList<>();
        try (PreparedStatement find = django.prepareStatement("""
                SELECT c.conrelid::regclass::text
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.confrelid = 'auth_user'::regclass AND cardinality(c.conkey) = 1
                  AND a.attname = 'user_id'
                  AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indisunique
                              AND i.indnatts = 1 AND i.indkey[0] = c.conkey[1])
                ORDER BY (c.conrelid::regclass::text LIKE '%userregistrationmodel') DESC, 1
                """)) {
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getString(1));
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.size() > 1 && !candidates.get(0).endsWith("userregistrationmodel")) {
            throw new SourceException("several one-to-one tables to auth_user (" + String.join(", ", candidates)
                    + "): name the registration table with --registration-table");
        }
        return candidates.get(0);
    }

    /** Django users whose address another Django user has in another case: reported, never merged. */
    private static Set<Long> caseVariantIds(Connection django) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (PreparedStatement select = django.prepareStatement("""
                SELECT unnest(array_agg(id)) FROM auth_user WHERE btrim(email) <> ''
                GROUP BY lower(btrim(email)) HAVING count(*) > 1
                """); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** A Django group's name as a role: lower case, runs of other characters as '-' ("Blog Editors": blog-editors). */
    static String roleName(String group) {
        String role = group.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-+|-+$", "");
        if (!role.isEmpty() && !Character.isLetter(role.charAt(0))) {
            role = "group-" + role;
        }
        return ROLE.matcher(role).matches() ? role : "";
    }

    private static void checkRole(String role) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new SourceException("role names are lower-case letters, digits, '_' and '-'");
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static final class Report {
        final boolean dryRun;
        long read;
        // Written by the writer threads only, read after they have finished (Future.get orders the two).
        final LongAdder imported = new LongAdder();
        final LongAdder alreadyPresent = new LongAdder();
        long skipped;
        final Map<String, Long> byFormat = new TreeMap<>();
        final Map<String, Long> byStatus = new TreeMap<>();
        final List<DjangoImportSummary.Problem> problems = new ArrayList<>();

        Report(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void count(Map<String, Long> counts, String key) {
            counts.merge(key, 1L, Long::sum);
        }

        void skip(long djangoId, String problem) {
            skipped++;
            if (problems.size() < MAX_REPORTED_PROBLEMS) {
                problems.add(new DjangoImportSummary.Problem(djangoId, problem));
            }
        }

        DjangoImportSummary summary(String registrationTable, Map<String, String> groupRoles) {
            return new DjangoImportSummary(dryRun, registrationTable, read, imported.sum(), alreadyPresent.sum(), skipped, byFormat,
                    byStatus, groupRoles, problems, skipped > problems.size(), null);
        }
    }
}
