package dev.accounts.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * Issue 11, item 7: PUT /users/me/password must not let the holder of a stolen access token guess the
 * current password without limit. Wrong guesses count in the client's lockout, are audited, and the
 * fifth in a row (accounts.password.change-max-failures) ends the session.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class PasswordChangeOracleTest extends ApiTest {

    private static final String PASSWORD = "/api/v1/users/me/password";
    private static final String NEW_PASSWORD = "amber-Lantern-882-fjord";

    @Inject
    DataSource dataSource;

    @Test
    void theFifthWrongCurrentPasswordEndsTheSessionAndLaterGuessesAreRefusedUnchecked() throws InterruptedException {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens thief = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        Accounts.Tokens owner = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        // Access tokens carry iat in whole seconds: the session's end must be in a later second than the login.
        Thread.sleep(1100);

        for (int i = 1; i <= 4; i++) {
            change(thief.accessToken(), "guess-Number-" + i + "-of-many").statusCode(400)
                    .body("errors.field", hasItem("currentPassword"));
        }
        assertEquals(4, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'PASSWORD_CHANGE_FAILED'
                """, email));
        assertFalse(db.string("""
                SELECT string_agg(a.details::text, ' ') FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'PASSWORD_CHANGE_FAILED'
                """, email).contains("guess-Number"), "no guess in the audit");

        change(thief.accessToken(), "guess-Number-5-of-many").statusCode(401).body("type", endsWith("/unauthorized"));
        // The thief's session is over: neither its access token nor its refresh token opens anything.
        given().auth().oauth2(thief.accessToken()).when().get("/api/v1/users/me").then().statusCode(401);
        assertEquals(401, Accounts.refresh(thief.refreshToken()).statusCode());
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'SESSIONS_REVOKED' AND a.details->>'reason' = 'password-change-failures'
                """, email));

        // The owner's other session lives on (its refresh token still works), but this client is locked out
        // by the five failures: a password change from it is refused before the current password is checked.
        String fresh = Accounts.refresh(owner.refreshToken()).path("accessToken");
        ExtractableResponse<Response> locked = change(fresh, TestData.GOOD_PASSWORD).statusCode(429)
                .body("type", endsWith("/too-many-requests")).extract();
        // Retry-After: the seconds until this client's lock ends, as the throttle's 429 says when to come back.
        long lockSeconds = db.count("""
                SELECT ceil(extract(epoch FROM f.locked_until - now())) FROM login_failures f JOIN users u ON u.id = f.user_id
                WHERE u.email = ?
                """, email);
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter >= 1 && Math.abs(retryAfter - lockSeconds) <= 2, retryAfter + " s against a lock of " + lockSeconds + " s");
        assertTrue(locked.<String>path("detail").contains(retryAfter + " s"), locked.<String>path("detail"));
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = ? AND password_change_failures <> 0", email));
    }

    @Test
    void aSuccessfulChangeStartsTheCountOver() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens session = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        for (int i = 1; i <= 4; i++) {
            change(session.accessToken(), "typo-Number-" + i + "-of-mine").statusCode(400);
        }
        assertEquals(4, Integer.parseInt(db.string("SELECT password_change_failures::text FROM users WHERE email = ?", email)));

        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", NEW_PASSWORD))
                .when().put(PASSWORD).then().statusCode(204);
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = ? AND password_change_failures <> 0", email));

        // Four more typos in a new session: counted from 1 again, so still only 400s.
        Accounts.Tokens next = Accounts.loggedIn(email, NEW_PASSWORD);
        for (int i = 1; i <= 4; i++) {
            change(next.accessToken(), "typo-Number-" + i + "-again").statusCode(400);
        }
        given().auth().oauth2(next.accessToken()).when().get("/api/v1/users/me").then().statusCode(200);
    }

    private static ValidatableResponse change(String accessToken, String currentPassword) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", currentPassword, "newPassword", NEW_PASSWORD))
                .when().put(PASSWORD).then();
    }
}
