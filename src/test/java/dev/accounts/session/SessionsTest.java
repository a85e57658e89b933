package dev.accounts.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The caller's sessions: list, end one, end the others or all; an administrator ends a user's sessions. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class SessionsTest extends ApiTest {

    private static final String MINE = "/api/v1/users/me/sessions";

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    private Accounts.Tokens loginFrom(String email, String userAgent) {
        var response = given().contentType("application/json").header("User-Agent", userAgent)
                .body(Map.of("email", email, "password", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/auth/login").then().statusCode(200).extract();
        return new Accounts.Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    @Test
    void myLiveSessionsAreListedNewestFirstWithTheCurrentOneMarked() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens laptop = loginFrom(email, "laptop-browser");
        Accounts.Tokens phone = loginFrom(email, "phone-app");
        Accounts.Tokens ended = loginFrom(email, "ended");
        given().contentType("application/json").body(Map.of("refreshToken", ended.refreshToken()))
                .post("/api/v1/auth/logout");

        var list = given().auth().oauth2(phone.accessToken()).when().get(MINE)
                .then().statusCode(200)
                .header("Content-Type", "application/json;charset=UTF-8")
                .body("items", hasSize(2))
                .body("items[0].userAgent", equalTo("phone-app"))
                .body("items[0].current", equalTo(true))
                .body("items[1].userAgent", equalTo("laptop-browser"))
                .body("items[1].current", equalTo(false))
                .extract();
        assertTrue(list.<String>path("items[1].ip") != null);
        assertTrue(list.<String>path("items[1].createdAt") != null && list.<String>path("items[1].lastUsedAt") != null);
        assertEquals(200, Accounts.refresh(laptop.refreshToken()).statusCode());
    }

    @Test
    void endingOneSessionKillsItsRefreshTokenOnlyAndAnotherUsersSessionIsNotFound() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens a = loginFrom(email, "a");
        Accounts.Tokens b = loginFrom(email, "b");
        String idOfA = given().auth().oauth2(b.accessToken()).get(MINE).then().extract().path("items[1].id");

        String stranger = Accounts.newActive(db);
        Accounts.Tokens strangers = Accounts.loggedIn(stranger, TestData.GOOD_PASSWORD);
        given().auth().oauth2(strangers.accessToken()).when().delete(MINE + "/" + idOfA)
                .then().statusCode(404).contentType("application/problem+json");
        assertEquals(200, Accounts.refresh(a.refreshToken()).statusCode(), "untouched by the stranger");

        given().auth().oauth2(b.accessToken()).when().delete(MINE + "/" + idOfA).then().statusCode(204);
        assertEquals(401, Accounts.refresh(a.refreshToken()).statusCode());
        assertEquals(200, Accounts.refresh(b.refreshToken()).statusCode());
        given().auth().oauth2(b.accessToken()).when().delete(MINE + "/not-a-uuid").then().statusCode(400);
        given().auth().oauth2(b.accessToken()).when().delete(MINE + "/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void signingOutTheOthersKeepsThisSessionAndAllEndsEveryOne() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens other = loginFrom(email, "other");
        Accounts.Tokens current = loginFrom(email, "current");

        given().auth().oauth2(current.accessToken()).when().delete(MINE).then().statusCode(204);
        assertEquals(401, Accounts.refresh(other.refreshToken()).statusCode());
        String next = Accounts.refresh(current.refreshToken()).path("refreshToken");
        assertTrue(next != null, "the current session goes on");

        given().auth().oauth2(current.accessToken()).queryParam("all", true).when().delete(MINE).then().statusCode(204);
        assertEquals(401, Accounts.refresh(next).statusCode());
    }

    @Test
    void anAdministratorEndsEverySessionOfAUser() {
        Db db = new Db(dataSource);
        String admin = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", admin);
        String adminToken = Accounts.loggedIn(admin, TestData.GOOD_PASSWORD).accessToken();
        String email = Accounts.newActive(db);
        Accounts.Tokens one = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        Accounts.Tokens two = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        String id = db.string("SELECT CAST(id AS text) FROM users WHERE email = ?", email);

        given().auth().oauth2(one.accessToken()).when().delete("/api/v1/admin/users/" + id + "/sessions")
                .then().statusCode(403);
        given().auth().oauth2(adminToken).when().delete("/api/v1/admin/users/" + id + "/sessions").then().statusCode(204);
        assertEquals(401, Accounts.refresh(one.refreshToken()).statusCode());
        assertEquals(401, Accounts.refresh(two.refreshToken()).statusCode());
        given().auth().oauth2(adminToken).when().delete("/api/v1/admin/users/" + java.util.UUID.randomUUID() + "/sessions")
                .then().statusCode(404);
    }

    @Test
    void aNewLoginBeyondTheCapEndsTheOldestSession() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens oldest = loginFrom(email, "oldest");
        for (int i = 1; i < 20; i++) {
            loginFrom(email, "device-" + i);
        }
        assertEquals(200, Accounts.refresh(oldest.refreshToken()).statusCode(), "20 sessions: at the cap");
        Accounts.Tokens newest = loginFrom(email, "newest");
        assertEquals(401, Accounts.refresh(oldest.refreshToken()).statusCode(), "the 21st login ended the oldest");
        given().auth().oauth2(newest.accessToken()).get(MINE).then().statusCode(200).body("items", hasSize(20));
    }

    @Test
    void aSessionPastItsAbsoluteLifetimeIsRefusedAndItsTokensNeverOutliveIt() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens tokens = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        // Move the login 29 days and 23 hours back: one more hour of session left.
        db.update("UPDATE sessions SET created_at = created_at - interval '29 days 23 hours', "
                + "last_used_at = last_used_at - interval '29 days 23 hours' "
                + "WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);
        var refreshed = Accounts.refresh(tokens.refreshToken());
        assertEquals(200, refreshed.statusCode());
        int expiresIn = refreshed.path("refreshExpiresIn");
        assertTrue(expiresIn > 0 && expiresIn <= 3600, "an hour left at most, not 30 days: " + expiresIn);
        assertEquals(1L, db.count("SELECT count(*) FROM refresh_tokens t JOIN sessions s ON s.id = t.family_id "
                + "JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.rotated_at IS NULL AND t.revoked_at IS NULL "
                + "AND t.expires_at <= s.created_at + interval '30 days'", email), "capped at the session's end " + expiresIn);

        db.update("UPDATE sessions SET created_at = created_at - interval '2 hours', "
                + "last_used_at = last_used_at - interval '2 hours' "
                + "WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);
        assertEquals(401, Accounts.refresh(refreshed.path("refreshToken")).statusCode(), "past 30 days from the login");
    }
}
