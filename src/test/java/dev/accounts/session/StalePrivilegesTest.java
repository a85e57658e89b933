package dev.accounts.session;

import static io.restassured.RestAssured.given;

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
import io.restassured.http.ContentType;

/** An unexpired access token does not outlive the account state it was issued for (ASVS 7.4.2, 8.3.x). */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class StalePrivilegesTest extends ApiTest {

    private static final String USERS = "/api/v1/admin/users";

    final DataSource dataSource = TestDatabase.dataSource();

    private String admin(Db db) {
        String email = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", email);
        return email;
    }

    @Test
    void aDisabledAdminsTokenOpensNoAdministration() {
        Db db = new Db(dataSource);
        String email = admin(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(token).when().get(USERS).then().statusCode(200);

        db.update("UPDATE users SET status = 'DISABLED' WHERE email = ?", email);
        given().auth().oauth2(token).when().get(USERS)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aDemotedAdminsTokenIsForbiddenAlthoughItsGroupsSayAdmin() {
        Db db = new Db(dataSource);
        String email = admin(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        db.update("DELETE FROM user_roles WHERE role = 'admin' AND user_id = (SELECT id FROM users WHERE email = ?)", email);
        given().auth().oauth2(token).when().get(USERS)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void demotionThroughTheApiEndsTheDemotedAdminsOlderTokens() throws InterruptedException {
        Db db = new Db(dataSource);
        String other = admin(db);
        String otherToken = Accounts.loggedIn(other, TestData.GOOD_PASSWORD).accessToken();
        String email = admin(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String id = db.string("SELECT CAST(id AS text) FROM users WHERE email = ?", email);
        Thread.sleep(1100);

        given().auth().oauth2(otherToken).contentType(ContentType.JSON).body(Map.of("roles", java.util.List.of("user")))
                .when().patch(USERS + "/" + id).then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/users/me")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenIssuedBeforeAPasswordChangeNoLongerOpensMyAccount() throws InterruptedException {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String stolen = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String mine = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        Thread.sleep(1100);

        String newPassword = "another-Quiet-river-88";
        given().auth().oauth2(mine).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", newPassword))
                .when().put("/api/v1/users/me/password").then().statusCode(204);

        given().auth().oauth2(stolen).when().get("/api/v1/users/me")
                .then().statusCode(401).contentType("application/problem+json");
        String fresh = Accounts.loggedIn(email, newPassword).accessToken();
        given().auth().oauth2(fresh).when().get("/api/v1/users/me").then().statusCode(200);
    }

    @Test
    void signingOutEverywhereEndsTheAccessTokensToo() throws InterruptedException {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        Thread.sleep(1100);
        given().auth().oauth2(token).queryParam("all", true).when().delete("/api/v1/users/me/sessions").then().statusCode(204);
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(401);
    }
}
