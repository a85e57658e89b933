package dev.accounts.admin;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.migration.BatchWrites;
import dev.accounts.migration.ImportedUser;
import dev.accounts.migration.ImportedUserWriter;
import dev.accounts.security.PasswordHashFormats;
import dev.accounts.user.DisplayNames;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bulk import of users with pre-hashed passwords (argon2, bcrypt, Django's formats), streamed: the input
 * is read line by line and written in batches, so a million lines need no more memory than two batches
 * (the one being written and the one being read).
 * Each batch is written by {@link ImportedUserWriter} (COPY into a staging table, then one
 * INSERT ... ON CONFLICT DO NOTHING on the normalized-email index), so addresses that already have an
 * account (or appear twice) are skipped by the database itself, even while registrations happen
 * concurrently. A bad line is reported and never stops the others.
 */
@ApplicationScoped
public class UserImport {

    public static final int MAX_REPORTED_ERRORS = 1000;
    static final int BATCH_SIZE = 5000;
    /** A real line is a few hundred bytes; a longer one is refused without being held (NdjsonLines). */
    static final int MAX_LINE_BYTES = 16 * 1024;
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    @Inject
    ImportedUserWriter writer;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /**
     * Imports NDJSON from the stream; {@code progress} is told the number of lines read after each batch.
     * One batch is written on a thread of its own while the next is read and checked here, so that the
     * JSON parsing and PostgreSQL's index maintenance overlap; one writer, so that batches land in the
     * order of the file (of two lines with one address, the first is imported, the second reported).
     * The batches commit without waiting for the log flush ({@link ImportedUserWriter#writeFlushedLater});
     * the audit event's ordinary commit at the end flushes the log past all of them before the summary
     * says anything was imported.
     */
    public ImportSummary importNdjson(InputStream ndjson, UUID actingAdminId, ClientInfo client, LongConsumer progress)
            throws IOException {
        ObjectReader reader = json.readerFor(ImportLine.class);
        Report report = new Report();
        List<Row> batch = new ArrayList<>(BATCH_SIZE);
        NdjsonLines lines = new NdjsonLines(ndjson, MAX_LINE_BYTES);
        long lineNumber = 0;
        try (Pipeline writes = new Pipeline(report)) {
            for (NdjsonLines.Line next = lines.next(); next != null; next = lines.next()) {
                lineNumber = next.number();
                try {
                    if (next instanceof NdjsonLines.TooLong) {
                        throw new InvalidLine("line longer than " + MAX_LINE_BYTES + " bytes (skipped unread)");
                    }
                    String line = ((NdjsonLines.Text) next).text();
                    if (line.isBlank()) {
                        continue;
                    }
                    batch.add(toRow(lineNumber, line, reader));
                } catch (InvalidLine e) {
                    report.skip(lineNumber, e.getMessage());
                }
                if (batch.size() == BATCH_SIZE) {
                    writes.submit(batch);
                    batch = new ArrayList<>(BATCH_SIZE);
                    progress.accept(lineNumber);
                }
            }
            writes.submit(batch);
            writes.finish();
        }
        progress.accept(lineNumber);
        ImportSummary summary = report.summary();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actor", actingAdminId == null ? "command-line" : actingAdminId.toString());
        details.put("imported", summary.imported());
        details.put("skipped", summary.skipped());
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditType.USERS_IMPORTED, null, client, details));
        return summary;
    }

    private Row toRow(long lineNumber, String line, ObjectReader reader) {
        ImportLine in;
        try {
            in = reader.readValue(line);
        } catch (InvalidDefinitionException e) {
            // Not the line's fault: the service cannot build an ImportLine at all (a native image without
            // its reflection registration did this). Blaming every line would hide the real error.
            throw new IllegalStateException("cannot read import lines: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidLine(reason(e));
        } catch (IOException e) {
            throw new InvalidLine("unreadable line");
        }
        if (in == null) {
            throw new InvalidLine("not a JSON object with the import fields");
        }
        EmailAddress email = EmailAddress.parse(in.email())
                .orElseThrow(() -> new InvalidLine("email: must be a valid email address"));
        // An unusable hash (Django's "!...") imports an account that must reset its password.
        if (in.passwordHash() == null) {
            throw new InvalidLine("passwordHash: not a hash format the service verifies (see the README's list)");
        }
        if (!PasswordHashFormats.isUnusable(in.passwordHash())) {
            PasswordHashFormats.importRefusal(in.passwordHash()).ifPresent(reason -> {
                throw new InvalidLine("passwordHash: " + reason);
            });
        }
        Optional<String> displayName = DisplayNames.clean(in.displayName());
        if (in.displayName() != null && !in.displayName().isBlank() && displayName.isEmpty()) {
            throw new InvalidLine("displayName: " + DisplayNames.RULE);
        }
        return new Row(lineNumber, UUID.randomUUID(), email, in.passwordHash(), displayName.orElse(null),
                status(in.status()), roles(in.roles()), createdAt(in.createdAt()));
    }

    /**
     * What is wrong with a line, truly, without quoting it: it holds a password hash, so only field
     * names (cut short) and positions are named.
     */
    static String reason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + shorten(unknown.getPropertyName()) + "'";
        }
        if (e instanceof MismatchedInputException mismatch) {
            return mismatch.getPath().stream().map(reference -> reference.getFieldName()).filter(name -> name != null)
                    .findFirst().map(name -> shorten(name) + ": wrong type").orElse("not a JSON object");
        }
        JsonLocation location = e.getLocation();
        return location == null ? "not valid JSON"
                : "not valid JSON (column " + location.getColumnNr() + ")";
    }

    private static String shorten(String name) {
        String printable = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    private static UserStatus status(String status) {
        if (status == null) {
            return UserStatus.ACTIVE;
        }
        try {
            return UserStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidLine("status: must be one of PENDING, ACTIVE, DISABLED");
        }
    }

    private static Set<String> roles(List<String> roles) {
        Set<String> result = new LinkedHashSet<>();
        result.add(User.DEFAULT_ROLE);
        if (roles != null) {
            for (String role : roles) {
                if (role == null || !ROLE.matcher(role).matches()) {
                    throw new InvalidLine("roles: names are lower-case letters, digits, '_' and '-'");
                }
                result.add(role);
            }
        }
        return result;
    }

    private Instant createdAt(String createdAt) {
        if (createdAt == null || createdAt.isBlank()) {
            return clock.instant();
        }
        try {
            return Instant.parse(createdAt.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidLine("createdAt: must be an ISO-8601 instant such as 2021-04-01T12:00:00Z");
        }
    }

    /**
     * The batch written while the next one is read: one writer thread, at most one batch in flight. The
     * outcome of a batch is counted here, on the reading thread, so that the report has one thread.
     */
    private final class Pipeline implements AutoCloseable {
        private final BatchWrites<Set<UUID>> writes = new BatchWrites<>(1, 1, "import-users-writer");
        private final Report report;

        Pipeline(Report report) {
            this.report = report;
        }

        void submit(List<Row> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<ImportedUser> users = new ArrayList<>(batch.size());
            for (Row row : batch) {
                users.add(new ImportedUser(row.id(), row.email().value(), row.email().normalized(), row.passwordHash(),
                        row.displayName(), row.status(), row.createdAt(), null, row.roles(), false, null));
            }
            try {
                writes.submit(() -> writer.writeFlushedLater(users, clock.instant()), inserted -> count(batch, inserted));
            } catch (SQLException e) {
                throw new IllegalStateException("an import batch could not be written", e);
            }
        }

        /** Waits for the batch in flight, if any, and counts its outcome; a failed write fails the import. */
        void finish() {
            try {
                writes.finish();
            } catch (SQLException e) {
                throw new IllegalStateException("an import batch could not be written", e);
            }
        }

        private void count(List<Row> batch, Set<UUID> inserted) {
            for (Row row : batch) {
                if (inserted.contains(row.id())) {
                    report.imported++;
                } else {
                    report.skip(row.line(), "email: an account with this address already exists");
                }
            }
        }

        @Override
        public void close() {
            writes.close();
        }
    }

    private record Row(long line, UUID id, EmailAddress email, String passwordHash, String displayName,
            UserStatus status, Set<String> roles, Instant createdAt) {
    }

    private static final class InvalidLine extends RuntimeException {
        InvalidLine(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Report {
        long imported;
        long skipped;
        final List<ImportSummary.LineError> errors = new ArrayList<>();

        void skip(long line, String problem) {
            skipped++;
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(new ImportSummary.LineError(line, problem));
            }
        }

        ImportSummary summary() {
            List<ImportSummary.LineError> sorted = errors.stream()
                    .sorted((a, b) -> Long.compare(a.line(), b.line())).toList();
            return new ImportSummary(imported, skipped, sorted, skipped > errors.size());
        }
    }
}
