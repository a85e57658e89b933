package dev.accounts.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.user.EmailAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code java -jar quarkus-run.jar import-django --jdbc-url jdbc:postgresql://old-db/django [options]}:
 * runs {@link DjangoImport} against a live Django database, with a progress line per batch on standard
 * error and the summary as JSON on standard output. The Django database password comes from an
 * environment variable ({@code DJANGO_DATABASE_PASSWORD} unless {@code --password-env} names another),
 * never from the command line, where {@code ps} would show it. Exit status: 0 done, 1 failed (or a
 * sample pair did not verify), 2 usage.
 */
@ApplicationScoped
public class DjangoImportCommand {

    public static final String NAME = "import-django";
    public static final String USAGE = NAME + " --jdbc-url URL [--user NAME] [--password-env VAR]"
            + " [--registration-table TABLE] [--superuser-role admin] [--staff-role staff] [--group-role GROUP=ROLE]..."
            + " [--since 2026-01-31T00:00:00Z] [--dry-run] [--verify-sample FILE.ndjson]";

    @Inject
    DjangoImport djangoImport;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public int run(String... args) {
        PrintStream err = System.err;
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, String> groupRoles = new LinkedHashMap<>();
        boolean dryRun = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (List.of("--jdbc-url", "--user", "--password-env", "--registration-table", "--superuser-role",
                    "--staff-role", "--since", "--verify-sample", "--group-role").contains(arg) && i + 1 < args.length) {
                String value = args[++i];
                if (arg.equals("--group-role")) {
                    int eq = value.lastIndexOf('=');
                    if (eq <= 0) {
                        err.println("--group-role takes GROUP=ROLE");
                        return 2;
                    }
                    groupRoles.put(value.substring(0, eq), value.substring(eq + 1));
                } else {
                    single.put(arg, value);
                }
            } else {
                err.println("unknown or incomplete option " + arg + "\nusage: " + USAGE);
                return 2;
            }
        }
        if (!single.containsKey("--jdbc-url") || !single.get("--jdbc-url").startsWith("jdbc:postgresql:")) {
            err.println("--jdbc-url jdbc:postgresql://... is required\nusage: " + USAGE);
            return 2;
        }
        Instant since;
        try {
            since = single.containsKey("--since") ? Instant.parse(single.get("--since")) : null;
        } catch (DateTimeParseException e) {
            err.println("--since takes an ISO-8601 instant such as 2026-01-31T00:00:00Z");
            return 2;
        }
        Path sample = single.containsKey("--verify-sample") ? Path.of(single.get("--verify-sample")) : null;
        if (sample != null && !Files.isReadable(sample)) {
            err.println("--verify-sample: cannot read " + sample);
            return 2;
        }
        DjangoImport.Options options = new DjangoImport.Options(single.get("--registration-table"),
                single.getOrDefault("--superuser-role", "admin"), single.getOrDefault("--staff-role", "staff"), groupRoles,
                since, dryRun);
        Properties connectionProperties = new Properties();
        connectionProperties.setProperty("user", single.getOrDefault("--user", "postgres"));
        String password = System.getenv(single.getOrDefault("--password-env", "DJANGO_DATABASE_PASSWORD"));
        if (password != null) {
            connectionProperties.setProperty("password", password);
        }
        connectionProperties.setProperty("ApplicationName", "accounts-service import-django");
        long started = System.nanoTime();
        // pgjdbc's Driver directly rather than DriverManager, which looks drivers up with a ServiceLoader
        // (one more thing to register for a native image); null: not a URL this driver takes.
        try (Connection django = new org.postgresql.Driver().connect(single.get("--jdbc-url"), connectionProperties)) {
            DjangoImportSummary summary = djangoImport.run(django, options, read -> {
                double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                err.printf("import-django: %,d users read, %,.0f users/s%n", read, read / seconds);
            });
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            err.printf("import-django: %,d read, %,d imported, %,d already present, %,d skipped in %.1f s "
                    + "(%,.0f users/s); peak heap used %,d MiB of %,d MiB max%n", summary.read(), summary.imported(),
                    summary.alreadyPresent(), summary.skipped(), seconds, summary.read() / seconds,
                    peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            if (sample != null) {
                summary = withSample(summary, verifySample(sample, dryRun ? django : null));
            }
            System.out.println(json.writeValueAsString(summary));
            return summary.sample() != null && !summary.sample().failedLines().isEmpty() ? 1 : 0;
        } catch (DjangoImport.SourceException e) {
            err.println("import-django: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            // The SQL state and the driver's message name the problem (connection refused, no such table...).
            err.println("import-django: database error " + e.getSQLState() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("import-django: " + e.getMessage());
            return 1;
        }
    }

    /** The sum of the heap pools' peaks since start: an upper bound of the heap the import needed. */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static DjangoImportSummary withSample(DjangoImportSummary s, DjangoImportSummary.Sample sample) {
        return new DjangoImportSummary(s.dryRun(), s.registrationTable(), s.read(), s.imported(), s.alreadyPresent(),
                s.skipped(), s.byFormat(), s.byStatus(), s.groupRoles(), s.problems(), s.problemsTruncated(), sample);
    }

    /**
     * Checks known pairs, one JSON object a line ({@code {"email": ..., "password": ...}}), against the
     * hashes as imported (or, in a dry run, as Django holds them), with the verifier logins use.
     */
    private DjangoImportSummary.Sample verifySample(Path file, Connection djangoForDryRun) throws IOException, SQLException {
        long checked = 0;
        long verified = 0;
        List<Long> failed = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                checked++;
                JsonNode pair;
                try {
                    pair = json.readTree(line);
                } catch (IOException notJson) {
                    failed.add(number);
                    continue;
                }
                Optional<String> hash = EmailAddress.parse(pair.path("email").asText(null))
                        .flatMap(email -> storedHash(email, djangoForDryRun));
                String password = PasswordPolicy.normalize(pair.path("password").asText(""));
                if (hash.isPresent() && passwordHasher.verify(password, hash.get())) {
                    verified++;
                } else if (failed.size() < DjangoImport.MAX_REPORTED_PROBLEMS) {
                    failed.add(number);
                }
            }
        }
        return new DjangoImportSummary.Sample(checked, verified, failed);
    }

    private Optional<String> storedHash(EmailAddress email, Connection django) {
        String sql = django == null ? "SELECT password_hash FROM users WHERE email_normalized = ?"
                : "SELECT password FROM auth_user WHERE lower(btrim(email)) = lower(?) ORDER BY id LIMIT 1";
        try (Connection own = django == null ? dataSource.getConnection() : null;
                PreparedStatement select = (django == null ? own : django).prepareStatement(sql)) {
            select.setString(1, django == null ? email.normalized() : email.value());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored hash", e);
        }
    }
}
