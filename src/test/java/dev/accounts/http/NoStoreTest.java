package dev.accounts.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

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

/** Answers of the API that hold personal data or tokens are never stored by a browser or a proxy. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class NoStoreTest extends ApiTest {

    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void tokenPairsProfilesSessionsAndAdministrationAreNoStore() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", email);

        String token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/auth/login")
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"))
                .extract().path("accessToken");
        given().auth().oauth2(token).when().get("/api/v1/users/me")
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"));
        given().auth().oauth2(token).when().get("/api/v1/users/me/sessions")
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"));
        given().auth().oauth2(token).when().get("/api/v1/users/me/export")
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"));
        given().auth().oauth2(token).when().get("/api/v1/admin/users")
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"));
        given().auth().oauth2(token).when().get("/api/v1/admin/users/" + db.string("SELECT id::text FROM users WHERE email = ?", email))
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void refusalsAndProblemsAreNoStoreToo() {
        given().when().get("/api/v1/users/me")
                .then().statusCode(401).header("Cache-Control", equalTo("no-store"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "nope"))
                .when().post("/api/v1/auth/refresh")
                .then().statusCode(401).header("Cache-Control", equalTo("no-store"));
        given().contentType(ContentType.JSON).body("{")
                .when().post("/api/v1/auth/login")
                .then().statusCode(400).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void publicKeysStayCacheable() {
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200).header("Cache-Control", not(equalTo("no-store")));
    }
}
