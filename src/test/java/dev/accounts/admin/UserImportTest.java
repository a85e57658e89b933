package dev.accounts.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;

import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class UserImportTest {

    private static final String DJANGO_PBKDF2 = "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=";

    @Inject
    UserImport userImport;

    @Inject
    DataSource dataSource;

    private ImportSummary run(String ndjson, List<Long> progress) throws Exception {
        return userImport.importNdjson(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), null, null,
                progress::add);
    }

    @Test
    void goodLinesAreImportedAndEveryBadLineIsReportedWithoutStoppingThem() throws Exception {
        String django = TestData.uniqueEmail();
        String bcrypt = TestData.uniqueEmail();
        String existing = TestData.uniqueEmail();
        new Db(dataSource).update("""
                INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                VALUES (gen_random_uuid(), ?, ?, '$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$x', 'ACTIVE', now(), now())
                """, existing, existing);
        String bcryptHash = BcryptFunction.getInstance(Bcrypt.B, 4).hash("old-password").getResult();
        String ndjson = String.join("\n",
                "{\"email\":\"" + django + "\",\"displayName\":\"From Django\",\"passwordHash\":\"" + DJANGO_PBKDF2
                        + "\",\"status\":\"active\",\"roles\":[\"admin\"],\"createdAt\":\"2019-05-01T10:00:00Z\"}",
                "{\"email\":\"not-an-email\",\"passwordHash\":\"" + DJANGO_PBKDF2 + "\"}",
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"md5$salt$abc\"}",
                "this is not json " + DJANGO_PBKDF2,
                "",
                "{\"email\":\"" + bcrypt.toUpperCase() + "\",\"passwordHash\":\"" + bcryptHash + "\"}",
                "{\"email\":\"" + bcrypt + "\",\"passwordHash\":\"" + bcryptHash + "\"}",
                "{\"email\":\"" + existing + "\",\"passwordHash\":\"" + bcryptHash + "\"}",
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"" + bcryptHash + "\",\"isAdmin\":true}",
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"" + bcryptHash + "\",\"status\":\"ROOT\"}",
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"" + bcryptHash + "\",\"createdAt\":\"yesterday\"}");

        String importedTwo = "SELECT count(*) FROM audit_events WHERE type = 'USERS_IMPORTED' AND details->>'imported' = '2'";
        long auditedBefore = new Db(dataSource).count(importedTwo);

        ImportSummary summary = run(ndjson, new ArrayList<>());

        assertEquals(2, summary.imported(), summary.toString());
        assertEquals(8, summary.skipped(), summary.toString());
        assertEquals(List.of(2L, 3L, 4L, 7L, 8L, 9L, 10L, 11L),
                summary.errors().stream().map(ImportSummary.LineError::line).toList());
        assertFalse(summary.errorsTruncated());
        String problems = summary.errors().stream().map(ImportSummary.LineError::problem).collect(Collectors.joining("\n"));
        assertTrue(problems.contains("already exists"), problems);
        assertFalse(problems.contains(DJANGO_PBKDF2) || problems.contains(bcryptHash), "hashes are never echoed");

        Db db = new Db(dataSource);
        assertEquals(DJANGO_PBKDF2, db.string("SELECT password_hash FROM users WHERE email = ?", django));
        assertEquals("ACTIVE", db.string("SELECT status FROM users WHERE email = ?", django));
        assertEquals("2019-05-01 10:00:00+00", db.string("SELECT created_at AT TIME ZONE 'UTC' || '+00' FROM users WHERE email = ?", django));
        assertEquals("admin,user", db.string("""
                SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_roles r JOIN users u ON u.id = r.user_id
                WHERE u.email = ?
                """, django));
        assertEquals(bcrypt.toUpperCase(), db.string("SELECT email FROM users WHERE email_normalized = ?", bcrypt),
                "the first of two lines with one address wins");
        // Counted against before: other tests (AdminImportResourceTest) import two users too.
        assertEquals(auditedBefore + 1, db.count(importedTwo));
    }

    /**
     * Two and a half batches: each batch is written while the next is read, and they still land in the
     * file's order: of two lines with one address in different batches, the first is imported and the
     * second (a case variant, so only the normalized index can tell) reported with its line number.
     */
    @Test
    void importsInBatchesInTheFileOrderAndReportsProgress() throws Exception {
        int batch = UserImport.BATCH_SIZE;
        int lines = 2 * batch + batch / 2;
        String bcryptHash = BcryptFunction.getInstance(Bcrypt.B, 4).hash("old-password").getResult();
        StringBuilder ndjson = new StringBuilder();
        String prefix = "batch" + System.nanoTime();
        for (int i = 0; i < lines; i++) {
            // Line batch + 2 (the second line of the second batch) repeats line 1's address in upper case.
            String local = i == batch + 1 ? (prefix + "-0").toUpperCase() : prefix + "-" + i;
            ndjson.append("{\"email\":\"").append(local).append("@example.com\",\"displayName\":\"Line ").append(i + 1)
                    .append("\",\"passwordHash\":\"").append(bcryptHash).append("\"}\n");
        }
        List<Long> progress = new ArrayList<>();
        ImportSummary summary = run(ndjson.toString(), progress);
        assertEquals(lines - 1, summary.imported());
        assertEquals(List.of((long) batch + 2), summary.errors().stream().map(ImportSummary.LineError::line).toList());
        assertEquals(List.of((long) batch, 2L * batch, (long) lines), progress);
        Db db = new Db(dataSource);
        assertEquals(lines - 1, db.count("SELECT count(*) FROM users WHERE email_normalized LIKE ?", prefix + "-%"));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email_normalized = ? AND display_name = 'Line 1'",
                prefix + "-0@example.com"));
        assertEquals(lines - 1, db.count("""
                SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id
                WHERE u.email_normalized LIKE ? AND r.role = 'user'
                """, prefix + "-%"));
    }

    @Test
    void costBombsAreRefusedWithTheirReasonAndALongLineIsSkippedUnread() throws Exception {
        String pbkdf2Key = java.util.Base64.getEncoder().encodeToString(new byte[512]);
        String ndjson = String.join("\n",
                // bcrypt cost 31: hours per login attempt.
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW\"}",
                // Django PBKDF2 with a 512-byte derived key: sixteen times the work of its iterations.
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"pbkdf2_sha256$1000000$salt$" + pbkdf2Key + "\"}",
                // argon2 asking 1 GiB against a 320 MiB heap.
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"argon2$argon2id$v=19$m=1048576,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw\"}",
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"displayName\":\"" + "x".repeat(20_000) + "\",\"passwordHash\":\"x\"}",
                // Django's default argon2 (m = 100 MiB, t = 2, p = 8) is what a real Django writes: accepted.
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw\"}");

        ImportSummary summary = run(ndjson, new ArrayList<>());

        assertEquals(1, summary.imported(), summary.toString());
        List<String> problems = summary.errors().stream().map(ImportSummary.LineError::problem).toList();
        assertEquals(List.of(
                "passwordHash: bcrypt cost 31 is above the accepted maximum of 13",
                "passwordHash: PBKDF2 derived key of 512 bytes: Django's pbkdf2_sha256 derives exactly 32",
                "passwordHash: argon2 memory m=1048576 KiB is above the accepted maximum of 131072 KiB",
                "line longer than 16384 bytes (skipped unread)"), problems);
    }
}
