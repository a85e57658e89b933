package dev.accounts.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.LegacyEndpointServer;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Lazy migration against a local legacy endpoint ({@link LegacyEndpointServer}, timeout 1500 ms). */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@WithTestResource(LegacyEndpointServer.class)
class LazyMigrationTest extends ApiTest {

    private static final String PASSWORD = LegacyEndpointServer.PASSWORD;
    /** The endpoint's timeout, which is also the floor of a failed login while lazy migration is on. */
    private static final long TIMEOUT_MS = 1500;

    final DataSource dataSource = TestDatabase.dataSource();
    final LegacyEndpointServer legacy = LegacyEndpointServer.instance();

    private static String address(String kind) {
        return kind + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    @Test
    void aYesCreatesTheActiveAccountAndTheNextLoginStaysLocal() {
        Db db = new Db(dataSource);
        String email = address("yes-");

        ExtractableResponse<Response> first = Accounts.login(email, PASSWORD);
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals(1, legacy.calls(email));
        assertTrue(legacy.authorizations.contains("Bearer " + LegacyEndpointServer.TOKEN));
        assertEquals("ACTIVE", db.string("SELECT status FROM users WHERE email = ?", email));
        assertEquals("Legacy Person", db.string("SELECT display_name FROM users WHERE email = ?", email));
        assertTrue(db.string("SELECT password_hash FROM users WHERE email = ?", email).startsWith("$argon2id$"));
        // "editor" is allowed by accounts.migration.lazy.allowed-roles, "admin" is not.
        assertEquals("editor,user", db.string("""
                SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_roles r JOIN users u ON u.id = r.user_id
                WHERE u.email = ?
                """, email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'USER_LAZILY_MIGRATED'
                """, email));

        assertEquals(200, Accounts.login(email, PASSWORD).statusCode());
        assertEquals(401, Accounts.login(email, "wrong-" + PASSWORD).statusCode());
        assertEquals(1, legacy.calls(email), "an existing account never goes to the endpoint");
    }

    @Test
    void aNoIsTheSame401AsAWrongPasswordAndCreatesNothing() {
        Db db = new Db(dataSource);
        String refused = address("no-");
        String wrongAtLegacy = address("yes-");
        String existing = Accounts.newActive(db);

        ExtractableResponse<Response> no = Accounts.login(refused, PASSWORD);
        ExtractableResponse<Response> wrong = Accounts.login(wrongAtLegacy, "not-" + PASSWORD);
        ExtractableResponse<Response> local = Accounts.login(existing, "not-the-Password-123");
        for (ExtractableResponse<Response> response : List.of(no, wrong, local)) {
            assertEquals(401, response.statusCode());
            assertEquals("/problems/invalid-credentials", response.path("type"));
        }
        assertEquals(no.asString(), local.asString());
        assertEquals(1, legacy.calls(refused));
        assertEquals(0, legacy.calls(existing));
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email IN (?, ?)", refused, wrongAtLegacy));
    }

    @Test
    void aFailedLoginTakesAtLeastTheEndpointTimeoutWhetherTheAddressIsKnownOrNot() {
        Db db = new Db(dataSource);
        String existing = Accounts.newActive(db);
        long wrong = millis(() -> Accounts.login(existing, "not-the-Password-123"));
        long refused = millis(() -> Accounts.login(address("no-"), PASSWORD));
        assertTrue(wrong >= TIMEOUT_MS, "wrong password answered after " + wrong + " ms");
        assertTrue(refused >= TIMEOUT_MS, "refused address answered after " + refused + " ms");
    }

    @Test
    void aSlowDrippingHugeGarbageOrDownEndpointIs401WithinTheDeadlineAndOpensTheBreaker() throws Exception {
        for (String kind : List.of("slow-", "drip-", "garbage-", "huge-", "down-")) {
            String email = address(kind);
            long took = millis(() -> assertEquals(401, Accounts.login(email, PASSWORD).statusCode()));
            assertTrue(took < TIMEOUT_MS + 1500, kind + " answered after " + took + " ms");
        }
        // Three failures in a row opened the breaker (threshold 3): a yes address is refused unasked.
        String later = address("yes-");
        assertEquals(401, Accounts.login(later, PASSWORD).statusCode());
        assertEquals(0, legacy.calls(later));

        Thread.sleep(6500);
        // Half open after breaker-open-duration: one trial call, which succeeds and closes it.
        assertEquals(200, Accounts.login(later, PASSWORD).statusCode());
        assertEquals(1, legacy.calls(later));
    }

    private static long millis(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
