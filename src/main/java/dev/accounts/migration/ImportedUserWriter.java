package dev.accounts.migration;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes imported users in batches with PostgreSQL's COPY (pgjdbc's {@code CopyManager}): each batch is
 * streamed into a temporary staging table, then one statement moves it into {@code users} with
 * {@code ON CONFLICT (email_normalized) DO NOTHING}, and in the same statement the roles and
 * registrations of exactly the rows that went in. An address that already has an account is thus
 * skipped by the database itself, even while people register at the same moment, and a second run of
 * the same import changes nothing. COPY instead of a multi-row INSERT because it is what PostgreSQL
 * parses fastest: bench/run and bench/django-import compare the rate with PostgreSQL's own INSERT.
 */
@ApplicationScoped
public class ImportedUserWriter {

    private static final String STAGE = """
            CREATE TEMPORARY TABLE IF NOT EXISTS import_users_stage (
                id uuid, email varchar(254), email_normalized varchar(254), password_hash varchar(512),
                display_name varchar(100), status varchar(16), created_at timestamptz, last_login_at timestamptz,
                roles text, registered boolean, activated_at timestamptz
            ) ON COMMIT DELETE ROWS
            """;
    private static final String MOVE = """
            WITH inserted AS (
                INSERT INTO users (id, email, email_normalized, password_hash, display_name, status, created_at,
                                   updated_at, last_login_at)
                SELECT id, email, email_normalized, password_hash, display_name, status, created_at, ?, last_login_at
                FROM import_users_stage
                ON CONFLICT (email_normalized) DO NOTHING
                RETURNING id
            ), roles AS (
                INSERT INTO user_roles (user_id, role)
                SELECT s.id, unnest(string_to_array(s.roles, ',')) FROM import_users_stage s JOIN inserted USING (id)
            ), registrations AS (
                INSERT INTO registrations (user_id, registered_at, activated_at)
                SELECT s.id, s.created_at, s.activated_at FROM import_users_stage s JOIN inserted USING (id)
                WHERE s.registered
            )
            SELECT id FROM inserted
            """;

    @Inject
    DataSource dataSource;

    /** Writes the batch in one transaction; returns the ids of the users that went in (the others exist). */
    public Set<UUID> write(List<ImportedUser> batch, Instant now) {
        return write(batch, now, false);
    }

    /**
     * As {@link #write(List, Instant)}, but the commit does not wait for the write-ahead log to reach the
     * disk ({@code synchronous_commit = off} for this transaction only). For a rerunnable bulk import
     * that ends with an ordinary commit: PostgreSQL's log is sequential, so that last commit's flush
     * makes every earlier batch durable too, before the import reports anything as imported. A crash
     * in between loses batches of a run that then fails, and the same command run again imports them.
     */
    public Set<UUID> writeFlushedLater(List<ImportedUser> batch, Instant now) {
        return write(batch, now, true);
    }

    private Set<UUID> write(List<ImportedUser> batch, Instant now, boolean flushLater) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(STAGE);
                    if (flushLater) {
                        statement.execute("SET LOCAL synchronous_commit = off");
                    }
                }
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY import_users_stage FROM STDIN", new StringReader(copyText(batch)));
                Set<UUID> inserted = new HashSet<>();
                try (PreparedStatement move = connection.prepareStatement(MOVE)) {
                    move.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    try (ResultSet rs = move.executeQuery()) {
                        while (rs.next()) {
                            inserted.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                // ON COMMIT DELETE ROWS would empty it at commit; truncating now frees it for the pool's next user.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("TRUNCATE import_users_stage");
                }
                return inserted;
            } catch (IOException e) {
                throw new SQLException("COPY of an import batch failed", e);
            }
        });
    }

    /** The batch in COPY's text format: tab-separated, \N for null, backslash escapes. */
    static String copyText(List<ImportedUser> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 256);
        for (ImportedUser user : batch) {
            field(out, user.id().toString());
            field(out, user.email());
            field(out, user.emailNormalized());
            field(out, user.passwordHash());
            field(out, user.displayName());
            field(out, user.status().name());
            field(out, user.createdAt().toString());
            field(out, user.lastLoginAt() == null ? null : user.lastLoginAt().toString());
            field(out, String.join(",", user.roles()));
            field(out, user.registered() ? "t" : "f");
            field(out, user.activatedAt() == null ? null : user.activatedAt().toString());
            out.setCharAt(out.length() - 1, '\n');
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
        } else {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(c);
                }
            }
        }
        out.append('\t');
    }
}
