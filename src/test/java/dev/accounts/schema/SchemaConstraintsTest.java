package dev.accounts.schema;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** The rules the database itself enforces, checked with plain SQL, as a team querying the schema would. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class SchemaConstraintsTest {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject
    DataSource dataSource;

    private String registeredUserId(String email) {
        given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations").then().statusCode(202);
        return new Db(dataSource).string("SELECT id::text FROM users WHERE email = ?", email);
    }

    @Test
    void deletingAUserInSqlDeletesItsRegistrationRolesAndMailButKeepsAuditWithoutIt() {
        String email = TestData.uniqueEmail();
        UUID id = UUID.fromString(registeredUserId(email));
        Db db = new Db(dataSource);
        assertEquals(1, db.count("SELECT count(*) FROM registrations WHERE user_id = ?", id));
        long auditEvents = db.count("SELECT count(*) FROM audit_events WHERE user_id = ?", id);

        assertEquals(1, db.update("DELETE FROM users WHERE id = ?", id));

        assertEquals(0, db.count("SELECT count(*) FROM registrations WHERE user_id = ?", id));
        assertEquals(0, db.count("SELECT count(*) FROM user_roles WHERE user_id = ?", id));
        assertEquals(0, db.count("SELECT count(*) FROM mail_outbox WHERE user_id = ? OR recipient = ?", id, email));
        assertEquals(0, db.count("SELECT count(*) FROM audit_events WHERE user_id = ?", id));
        assertEquals(0, db.count("SELECT count(*) FROM audit_events WHERE details::text ILIKE ?", "%" + email + "%"));
        assertTrue(auditEvents > 0, "registration was audited");
    }

    @Test
    void theRegistrationSharesTheUsersPrimaryKeyAndNeedsTheUser() {
        Db db = new Db(dataSource);
        assertEquals(FOREIGN_KEY_VIOLATION, db.failingUpdate(
                "INSERT INTO registrations (user_id, registered_at) VALUES (?, now())", UUID.randomUUID()));
        String id = registeredUserId(TestData.uniqueEmail());
        assertEquals(UNIQUE_VIOLATION, db.failingUpdate(
                "INSERT INTO registrations (user_id, registered_at) VALUES (?::uuid, now())", id));
    }

    @Test
    void normalizedEmailIsUnique() {
        String email = TestData.uniqueEmail();
        registeredUserId(email);
        Db db = new Db(dataSource);
        assertEquals(UNIQUE_VIOLATION, db.failingUpdate("""
                INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                VALUES (?, ?, ?, 'x', 'PENDING', now(), now())
                """, UUID.randomUUID(), email.toUpperCase(), email.toLowerCase()));
    }

    @Test
    void statusIsChecked() {
        Db db = new Db(dataSource);
        String email = TestData.uniqueEmail();
        assertEquals(CHECK_VIOLATION, db.failingUpdate("""
                INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                VALUES (?, ?, ?, 'x', 'SUPERUSER', now(), now())
                """, UUID.randomUUID(), email, email));
    }

    @Test
    void auditEventsOutliveTheirUser() {
        Db db = new Db(dataSource);
        UUID id = UUID.fromString(registeredUserId(TestData.uniqueEmail()));
        String eventId = db.string("INSERT INTO audit_events (type, user_id, occurred_at) VALUES ('TEST_EVENT', ?, ?)"
                + " RETURNING id::text", id, Timestamp.from(Instant.now()));
        db.update("DELETE FROM users WHERE id = ?", id);
        assertEquals(1, db.count("SELECT count(*) FROM audit_events WHERE id = ?::bigint AND user_id IS NULL", eventId));
    }

    @Test
    void everyChangesetRanOnceAndConstraintsHaveTheirNames() {
        Db db = new Db(dataSource);
        assertEquals(0, db.count("SELECT count(*) FROM (SELECT id FROM databasechangelog GROUP BY id HAVING count(*) > 1) d"));
        for (String name : new String[] { "users_pkey", "users_status_check", "user_roles_user_id_fkey",
                "registrations_pkey", "registrations_user_id_fkey", "mail_outbox_user_id_fkey",
                "audit_events_user_id_fkey" }) {
            assertEquals(1, db.count("SELECT count(*) FROM pg_constraint WHERE conname = ?", name), name);
        }
        assertEquals("c", db.string("""
                SELECT confdeltype::text FROM pg_constraint WHERE conname = 'registrations_user_id_fkey'
                """), "ON DELETE CASCADE");
        assertEquals("n", db.string("""
                SELECT confdeltype::text FROM pg_constraint WHERE conname = 'audit_events_user_id_fkey'
                """), "ON DELETE SET NULL");
        assertEquals(1, db.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email_normalized_key'"
                + " AND indexdef LIKE 'CREATE UNIQUE INDEX%'"));
    }
}
