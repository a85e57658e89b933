package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.security.SecureTokens;
import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class AuthResourceTest extends ApiTest {

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void loginReturnsATokenPairAndRecordsTheLogin() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);

        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/auth/login")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", containsString("no-store"))
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(300))
                .body("refreshExpiresIn", equalTo(30 * 24 * 3600))
                .body("accessToken", notNullValue())
                .body("refreshToken.length()", greaterThan(40));

        assertNotNull(db.string("SELECT last_login_at FROM users WHERE email = ?", email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                WHERE u.email = ? AND t.revoked_at IS NULL AND t.rotated_at IS NULL
                """, email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'LOGIN_SUCCEEDED'
                """, email));
    }

    @Test
    void refreshTokenIsStoredOnlyAsItsHash() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String refreshToken = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

        assertEquals(0, db.count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", refreshToken));
        assertEquals(1, db.count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", SecureTokens.hash(refreshToken)));
    }

    @Test
    void unknownEmailWrongPasswordAndDisabledAccountGetTheSame401() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String disabled = Accounts.newActive(db);
        db.update("UPDATE users SET status = 'DISABLED' WHERE email = ?", disabled);

        ExtractableResponse<Response> unknown = Accounts.login(TestData.uniqueEmail(), TestData.GOOD_PASSWORD);
        ExtractableResponse<Response> wrong = Accounts.login(email, "not-the-Password-123");
        ExtractableResponse<Response> off = Accounts.login(disabled, TestData.GOOD_PASSWORD);

        for (ExtractableResponse<Response> response : List.of(unknown, wrong, off)) {
            assertEquals(401, response.statusCode());
            assertEquals("application/problem+json", response.contentType());
            assertEquals("/problems/invalid-credentials", response.path("type"));
        }
        assertEquals(unknown.asString(), wrong.asString());
        assertEquals(unknown.asString(), off.asString());
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = ? AND last_login_at IS NOT NULL", disabled));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'LOGIN_FAILED' AND a.details ->> 'reason' = 'wrong-password'
                """, email));
    }

    /**
     * Registering an address with a password and logging in with it must not tell a free address (now
     * pending, right password) from a taken one (the password is wrong there): the same 401 problem.
     */
    @Test
    void rightPasswordOnAPendingAccountIsTheSame401AsATakenAddress() {
        Db db = new Db(dataSource);
        String free = TestData.uniqueEmail();
        Accounts.register(free, TestData.GOOD_PASSWORD);
        String taken = Accounts.newActive(db);
        Accounts.register(taken, "another-Password-of-mine-456");

        ExtractableResponse<Response> pending = Accounts.login(free, TestData.GOOD_PASSWORD);
        ExtractableResponse<Response> wrong = Accounts.login(taken, "another-Password-of-mine-456");
        for (ExtractableResponse<Response> response : List.of(pending, wrong)) {
            assertEquals(401, response.statusCode());
            assertEquals("application/problem+json", response.contentType());
            assertEquals("/problems/invalid-credentials", response.path("type"));
        }
        assertEquals(wrong.asString(), pending.asString());
        assertEquals(401, Accounts.login(free, "not-the-Password-123").statusCode());
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'LOGIN_FAILED' AND a.details ->> 'reason' = 'not-activated'
                """, free));
    }

    @Test
    void emailIsMatchedCaseInsensitively() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        assertEquals(200, Accounts.login("  " + email.toUpperCase() + " ", TestData.GOOD_PASSWORD).statusCode());
    }

    @Test
    void missingFieldsAreValidationProblems() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"));
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/auth/refresh")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeFamily() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String a = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

        ExtractableResponse<Response> first = Accounts.refresh(a);
        assertEquals(200, first.statusCode());
        String b = first.path("refreshToken");
        assertNotEquals(a, b);
        assertNotNull(first.path("accessToken"));
        assertEquals(db.string("SELECT family_id::text FROM refresh_tokens WHERE token_hash = ?", SecureTokens.hash(a)),
                db.string("SELECT family_id::text FROM refresh_tokens WHERE token_hash = ?", SecureTokens.hash(b)),
                "the new token belongs to the same family");
        assertEquals(db.string("SELECT id::text FROM refresh_tokens WHERE token_hash = ?", SecureTokens.hash(b)),
                db.string("SELECT replaced_by::text FROM refresh_tokens WHERE token_hash = ?", SecureTokens.hash(a)));

        ExtractableResponse<Response> reuse = Accounts.refresh(a);
        assertEquals(401, reuse.statusCode());
        assertEquals("application/problem+json", reuse.contentType());
        assertEquals("/problems/refresh-token-invalid", reuse.path("type"));

        assertEquals(401, Accounts.refresh(b).statusCode(), "the reuse killed the token it had been replaced by");
        assertEquals(0, db.count("""
                SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.revoked_at IS NULL
                """, email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'REFRESH_TOKEN_REUSED'
                """, email));
    }

    /** Without a reuse interval, of two concurrent refreshes with one token exactly one wins. */
    @Test
    void concurrentRefreshesWithOneTokenNeverBothSucceed() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        for (int round = 0; round < 5; round++) {
            String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();
            Callable<Integer> refresh = () -> Accounts.refresh(token).statusCode();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> results = pool.invokeAll(List.of(refresh, refresh));
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> result : results) {
                    statuses.add(result.get());
                }
                Collections.sort(statuses);
                // Exactly one wins: "at most one" would also pass if both failed.
                assertEquals(List.of(200, 401), statuses, "one refresh wins, the other is refused as a reuse");
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void reuseRevokesOnlyItsOwnFamily() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String phone = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();
        String laptop = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

        assertEquals(200, Accounts.refresh(phone).statusCode());
        assertEquals(401, Accounts.refresh(phone).statusCode());
        assertEquals(200, Accounts.refresh(laptop).statusCode(), "another login's family is untouched");
    }

    @Test
    void unknownExpiredAndRevokedRefreshTokensAre401() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String expired = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();
        db.update("UPDATE refresh_tokens SET issued_at = now() - interval '31 days', expires_at = now() - interval '1 day' "
                + "WHERE token_hash = ?", SecureTokens.hash(expired));

        assertEquals(401, Accounts.refresh(SecureTokens.issue().token()).statusCode());
        assertEquals(401, Accounts.refresh(expired).statusCode());
    }

    @Test
    void refreshOfADisabledAccountIsRefused() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();
        db.update("UPDATE users SET status = 'DISABLED' WHERE email = ?", email);
        assertEquals(401, Accounts.refresh(token).statusCode());
    }

    @Test
    void logoutRevokesTheFamilyAndLeavesNoUsableToken() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String a = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();
        String b = Accounts.refresh(a).path("refreshToken");

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", b))
                .when().post("/api/v1/auth/logout")
                .then().statusCode(204);

        assertEquals(401, Accounts.refresh(b).statusCode());
        assertEquals(0, db.count("""
                SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.revoked_at IS NULL
                """, email));
        // Logging out twice, or with a token never issued, is harmless.
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", b))
                .when().post("/api/v1/auth/logout")
                .then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", SecureTokens.issue().token()))
                .when().post("/api/v1/auth/logout")
                .then().statusCode(204);
    }

    /**
     * An unknown address must cost what a known one with a wrong password does (argon2 against a dummy
     * hash), so that response times do not tell which addresses have accounts.
     */
    @Test
    @Tag(Tags.TIMING)
    void unknownEmailTakesAboutAsLongAsAWrongPassword() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        // Warm-up: class loading and JIT would otherwise weigh on whichever kind goes first.
        for (int i = 0; i < 5; i++) {
            Accounts.login(TestData.uniqueEmail(), "not-the-Password-123");
            Accounts.login(email, "not-the-Password-123");
        }
        List<Long> unknown = new ArrayList<>();
        List<Long> known = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // The known account's failures would lock it after five, and then this would time the locked
            // branch instead of the wrong password: forget them before each measured login.
            Accounts.clearLockout(db, email);
            // Interleaved, so that drift in machine load hits both alike.
            unknown.add(timeLogin(TestData.uniqueEmail()));
            known.add(timeLogin(email));
        }
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = ? AND locked_until IS NOT NULL", email),
                "the known account was never locked while it was measured");
        double unknownMedian = median(unknown);
        double knownMedian = median(known);
        System.out.printf("login timing: median unknown email %.1f ms, known email with wrong password %.1f ms%n",
                unknownMedian / 1e6, knownMedian / 1e6);
        assertTrue(Math.abs(unknownMedian - knownMedian) <= 0.25 * knownMedian,
                "unknown " + unknownMedian / 1e6 + " ms vs known " + knownMedian / 1e6 + " ms");
    }

    private static long timeLogin(String email) {
        long start = System.nanoTime();
        int status = Accounts.login(email, "not-the-Password-123").statusCode();
        long elapsed = System.nanoTime() - start;
        assertEquals(401, status);
        return elapsed;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
