package dev.accounts.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * {@code DELETE /users/me} asks for the current password; a wrong one is refused, counted in the lockout and
 * audited. The deletion's audit event keeps a keyed hash of the erased id, never the id.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class AccountDeletionTest extends ApiTest {

    private static final String ME = "/api/v1/users/me";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "accounts.audit.erasure-key")
    String erasureKey;

    @Test
    void aTokenAloneErasesNothing() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        given().auth().oauth2(token).when().delete(ME)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").when().delete(ME)
                .then().statusCode(400).body("errors.field", hasItem("currentPassword"));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = ?", email));
    }

    @Test
    void aWrongPasswordIsRefusedCountedAndAuditedAndTheLockoutHolds() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String id = db.string("SELECT id::text FROM users WHERE email = ?", email);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", "not-my-password-at-all"))
                .when().delete(ME)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/validation-failed")).body("errors.field", hasItem("currentPassword"));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = ?::uuid", id));
        assertEquals(1, db.count("SELECT count(*) FROM audit_events WHERE user_id = ?::uuid AND type = 'CURRENT_PASSWORD_REFUSED'"
                + " AND details->>'action' = 'delete-account'", id));
        assertEquals(1, db.count("SELECT failures FROM login_failures WHERE user_id = ?::uuid", id));

        for (int i = 1; i < 5; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", "not-my-password-" + i))
                    .when().delete(ME).then().statusCode(400);
        }
        // Locked for this client now: not even the right password erases the account.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD))
                .when().delete(ME).then().statusCode(400);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = ?::uuid", id));
    }

    @Test
    void theDeletionEventKeepsAKeyedHashOfTheErasedIdAndNotTheId() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String id = db.string("SELECT id::text FROM users WHERE email = ?", email);
        long before = db.count("SELECT coalesce(max(id), 0) FROM audit_events");
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD))
                .when().delete(ME).then().statusCode(204);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(erasureKey), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(expected, db.string("SELECT details->>'erasedIdHmac' FROM audit_events WHERE id > ? AND type = 'ACCOUNT_DELETED'"
                + " AND user_id IS NULL", before));
        assertEquals(0, db.count("SELECT count(*) FROM audit_events WHERE id > ? AND details::text LIKE ?", before, "%" + id + "%"),
                "no event names the erased id");
        assertTrue(db.count("SELECT count(*) FROM users WHERE id = ?::uuid", id) == 0);
    }
}
