package dev.accounts.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Accounts made through the API, for tests that need a user but are not about registration. */
public final class Accounts {

    private Accounts() {
    }

    /** A new active account with a unique address and {@link TestData#GOOD_PASSWORD}; returns its address. */
    public static String newActive(Db db) {
        String email = TestData.uniqueEmail();
        active(db, email, TestData.GOOD_PASSWORD);
        return email;
    }

    /** Registers the address and marks it active in SQL (activation itself is tested elsewhere). */
    public static void active(Db db, String email, String password) {
        register(email, password);
        if (db.update("UPDATE users SET status = 'ACTIVE' WHERE email = ?", email) != 1) {
            throw new AssertionError("no account for " + email);
        }
    }

    /** Forgets the failed logins and any lock they started, in SQL, for tests that fail logins on purpose. */
    public static void clearLockout(Db db, String email) {
        db.update("UPDATE users SET failed_login_count = 0, locked_until = NULL WHERE email = ?", email);
        db.update("DELETE FROM login_failures WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);
    }

    public static void register(String email, String password) {
        given().contentType(ContentType.JSON).body(TestData.registration(email, password))
                .when().post("/api/v1/registrations")
                .then().statusCode(202);
    }

    public static ExtractableResponse<Response> login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/api/v1/auth/login")
                .then().extract();
    }

    /** Logs in, expecting success; returns the token response. */
    public static Tokens loggedIn(String email, String password) {
        ExtractableResponse<Response> response = login(email, password);
        if (response.statusCode() != 200) {
            throw new AssertionError("login failed with " + response.statusCode() + ": " + response.asString());
        }
        return new Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    public static ExtractableResponse<Response> refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/api/v1/auth/refresh")
                .then().extract();
    }

    public record Tokens(String accessToken, String refreshToken) {
    }
}
