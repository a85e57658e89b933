package dev.accounts.migration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The way out: GET /api/v1/admin/users/export streams every account in the import's format, so that
 * importing the export recreates the same accounts (import(export) is the identity), and
 * GET /api/v1/users/me/export gives a person their own data without a secret in it. HTTP only, so that
 * ExportResourceIT runs the same tests against the packaged application.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class ExportResourceTest {

    private static final String EXPORT = "/api/v1/admin/users/export";
    private static final String IMPORT = "/api/v1/admin/users/import";
    private static final String DJANGO_PBKDF2 = "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=";

    /** Plain JDBC rather than the injected DataSource, so that ExportResourceIT runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();
    private Db db;
    private String adminToken;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void admin() {
        db = new Db(dataSource);
        String adminEmail = TestData.uniqueEmail();
        Accounts.active(db, adminEmail, TestData.GOOD_PASSWORD);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", adminEmail);
        adminToken = Accounts.loggedIn(adminEmail, TestData.GOOD_PASSWORD).accessToken();
    }

    @Test
    void importingTheExportRecreatesTheSameAccounts() {
        String domain = "export-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String ndjson = String.join("\n",
                "{\"email\":\"Ada.Lovelace@" + domain + "\",\"displayName\":\"Ada \\\"Countess\\\" Lovelace\\tL.\","
                        + "\"passwordHash\":\"" + DJANGO_PBKDF2 + "\",\"status\":\"DISABLED\",\"roles\":[\"admin\",\"editors\"],"
                        + "\"createdAt\":\"2019-05-01T10:00:00.123456Z\"}",
                "{\"email\":\"grace@" + domain + "\",\"passwordHash\":\"!AR7q0w0HQtES0cxuxXxuHzgmXEEHrVNcjvHVVZDJ\","
                        + "\"createdAt\":\"2020-01-02T03:04:05Z\"}",
                "{\"email\":\"linus@" + domain + "\",\"displayName\":\"Линус\",\"passwordHash\":"
                        + "\"$1$saltstri$YMyguxXMBpd2TEZ.vS/3q1\",\"status\":\"PENDING\",\"createdAt\":\"2021-03-04T05:06:07Z\"}");
        importing(ndjson).body("imported", equalTo(3));
        List<String> first = exported(domain);
        assertEquals(3, first.size(), String.join("\n", first));
        assertTrue(first.get(0).contains("\"passwordHash\":\"" + DJANGO_PBKDF2 + "\""), first.get(0));
        assertTrue(first.get(0).contains("\"roles\":[\"admin\",\"editors\",\"user\"]"), first.get(0));
        assertTrue(first.get(0).contains("\"createdAt\":\"2019-05-01T10:00:00.123456Z\""), first.get(0));

        db.update("DELETE FROM users WHERE email_normalized LIKE ?", "%@" + domain);
        importing(String.join("\n", first)).body("imported", equalTo(3)).body("skipped", equalTo(0));
        assertEquals(first, exported(domain), "import(export) is the identity");
        importing(String.join("\n", first)).body("imported", equalTo(0)).body("skipped", equalTo(3));
    }

    @Test
    void theExportIsForAdministratorsOnly() {
        String user = TestData.uniqueEmail();
        Accounts.active(db, user, TestData.GOOD_PASSWORD);
        String userToken = Accounts.loggedIn(user, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(userToken).when().get(EXPORT).then().statusCode(403);
        given().when().get(EXPORT).then().statusCode(401);
    }

    @Test
    void myExportHasMyDataAndNoSecret() {
        String email = TestData.uniqueEmail();
        Accounts.active(db, email, TestData.GOOD_PASSWORD);
        Accounts.Tokens tokens = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        String body = given().auth().oauth2(tokens.accessToken()).when().get("/api/v1/users/me/export")
                .then().statusCode(200)
                .body("account.email", equalTo(email))
                .body("account.roles", equalTo(List.of("user")))
                .body("account.status", equalTo("ACTIVE"))
                .body("registration.registeredAt", not(equalTo(null)))
                .body("sessions.size()", equalTo(1))
                .body("events.type", hasItem("LOGIN_SUCCEEDED"))
                .body(not(containsString("argon2")))
                .body(not(containsString(tokens.refreshToken())))
                .extract().asString();
        assertTrue(body.contains("\"exportedAt\""), body);

        db.update("DELETE FROM users WHERE email = ?", email);
        given().auth().oauth2(tokens.accessToken()).when().get("/api/v1/users/me/export")
                .then().statusCode(401).contentType("application/problem+json");
    }

    private io.restassured.response.ValidatableResponse importing(String ndjson) {
        return given().auth().oauth2(adminToken).contentType("application/x-ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post(IMPORT).then().statusCode(200);
    }

    private List<String> exported(String domain) {
        String body = given().auth().oauth2(adminToken).when().get(EXPORT)
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        return Arrays.stream(body.split("\n")).filter(line -> line.contains("@" + domain + "\"")).toList();
    }
}
