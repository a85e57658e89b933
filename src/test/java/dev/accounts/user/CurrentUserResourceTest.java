package dev.accounts.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class CurrentUserResourceTest extends ApiTest {

    private static final String ME = "/api/v1/users/me";

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void theAccessTokenOfALoginOpensMyProfile() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        given().auth().oauth2(token)
                .when().get(ME)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo(db.string("SELECT id::text FROM users WHERE email = ?", email)))
                .body("email", equalTo(email))
                .body("status", equalTo("ACTIVE"))
                .body("roles", equalTo(List.of("user")))
                .body("createdAt", notNullValue())
                .body("lastLoginAt", notNullValue());
    }

    @Test
    void activationThroughTheMailShowsInTheProfile() {
        String email = TestData.uniqueEmail();
        Accounts.register(email, TestData.GOOD_PASSWORD);
        Db db = new Db(dataSource);
        // The activation flow itself is RegistrationResourceTest's; here only its trace in the profile.
        db.update("UPDATE users SET status = 'ACTIVE' WHERE email = ?", email);
        db.update("UPDATE registrations SET activated_at = now(), activation_token_hash = NULL, "
                + "activation_token_expires_at = NULL WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);
        given().auth().oauth2(Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken())
                .when().get(ME)
                .then().statusCode(200).body("activatedAt", notNullValue());
    }

    @Test
    void theProfileCarriesTheDatabasesValuesEveryRoleSortedAndTheActivationTime() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String userId = db.string("SELECT id::text FROM users WHERE email = ?", email);
        db.update("INSERT INTO user_roles (user_id, role) VALUES (?::uuid, 'support'), (?::uuid, 'billing-admin')",
                userId, userId);
        db.update("UPDATE users SET display_name = 'Zoë O''Brien', created_at = '2021-04-01T12:00:00.123456Z' WHERE id = ?::uuid",
                userId);
        db.update("UPDATE registrations SET activated_at = '2021-04-02T08:30:00Z', activation_token_hash = NULL, "
                + "activation_token_expires_at = NULL WHERE user_id = ?::uuid", userId);

        given().auth().oauth2(token)
                .when().get(ME)
                .then().statusCode(200)
                .body("id", equalTo(userId))
                .body("displayName", equalTo("Zoë O'Brien"))
                .body("roles", equalTo(List.of("billing-admin", "support", "user")))
                .body("createdAt", equalTo("2021-04-01T12:00:00.123456Z"))
                .body("activatedAt", equalTo("2021-04-02T08:30:00Z"));
    }

    @Test
    void aTokenOfAnAccountDisabledSinceIsRefused() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(token).when().get(ME).then().statusCode(200);

        db.update("UPDATE users SET status = 'DISABLED' WHERE email = ?", email);
        given().auth().oauth2(token)
                .when().get(ME)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void noTokenIsA401ProblemWithABearerChallenge() {
        given().when().get(ME)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("type", endsWith("/unauthorized"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-jwt", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." })
    void garbageTokensAre401Problems(String token) {
        given().auth().oauth2(token)
                .when().get(ME)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void aTokenWithAChangedPayloadIsRefused() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"user\"", "\"admin\"");
        assertTrue(!forged.equals(payload), "the payload names the role");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        given().auth().oauth2(token).when().get(ME).then().statusCode(200);
        given().auth().oauth2(tampered)
                .when().get(ME)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String userId = db.string("SELECT id::text FROM users WHERE email = ?", email);
        String kid = given().when().get("/.well-known/jwks.json").then().extract().path("keys[0].kid");

        String foreign = claims(userId, email, Instant.now().plusSeconds(300)).jws().keyId(kid)
                .sign(KeyUtils.generateKeyPair(2048).getPrivate());

        given().auth().oauth2(foreign)
                .when().get(ME)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsRefused() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String userId = db.string("SELECT id::text FROM users WHERE email = ?", email);
        String kid = given().when().get("/.well-known/jwks.json").then().extract().path("keys[0].kid");

        // Signed with the service's own (test) key: only exp differs between the two.
        String live = claims(userId, email, Instant.now().plusSeconds(300)).jws().keyId(kid).sign();
        String expired = claims(userId, email, Instant.now().minusSeconds(600)).jws().keyId(kid).sign();

        given().auth().oauth2(live).when().get(ME).then().statusCode(200);
        given().auth().oauth2(expired)
                .when().get(ME)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void displayNameCanBeChangedAndRemoved() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("displayName", "  Ada   King "))
                .when().patch(ME)
                .then().statusCode(200).body("displayName", equalTo("Ada King"));
        assertEquals("Ada King", db.string("SELECT display_name FROM users WHERE email = ?", email));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().patch(ME)
                .then().statusCode(200).body("displayName", equalTo("Ada King"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("displayName", "bell\u0007"))
                .when().patch(ME)
                .then().statusCode(400).body("errors.field", hasItem("displayName"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("displayName", ""))
                .when().patch(ME)
                .then().statusCode(200).body("displayName", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "roles", "status", "email", "id", "isAdmin" })
    void otherFieldsAreRefusedAndNothingIsApplied(String field) {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        Object value = "roles".equals(field) ? List.of("admin") : "id".equals(field) ? UUID.randomUUID().toString()
                : "email".equals(field) ? TestData.uniqueEmail() : "DISABLED";

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Mallory", field, value))
                .when().patch(ME)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));

        assertEquals(null, db.string("SELECT display_name FROM users WHERE email = ?", email));
        assertEquals("ACTIVE", db.string("SELECT status FROM users WHERE email = ?", email));
        assertEquals("user", db.string("""
                SELECT string_agg(role, ',') FROM user_roles WHERE user_id = (SELECT id FROM users WHERE email = ?)
                """, email));
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndRevokesEveryRefreshToken() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens session = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        String otherDevice = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();
        String newPassword = "amber-Lantern-882-fjord";

        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not-the-Password-123", "newPassword", newPassword))
                .when().put(ME + "/password")
                .then().statusCode(400).body("errors.field", hasItem("currentPassword"));
        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", "short"))
                .when().put(ME + "/password")
                .then().statusCode(400).body("errors.field", hasItem("newPassword"));
        assertEquals(200, Accounts.refresh(otherDevice).statusCode(), "failed attempts change nothing");
        otherDevice = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", newPassword))
                .when().put(ME + "/password")
                .then().statusCode(204);

        assertEquals(401, Accounts.refresh(session.refreshToken()).statusCode());
        assertEquals(401, Accounts.refresh(otherDevice).statusCode());
        assertEquals(0, db.count("""
                SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.revoked_at IS NULL
                """, email));
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        assertEquals(200, Accounts.login(email, newPassword).statusCode());
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'PASSWORD_CHANGED'
                """, email));
    }

    @Test
    void deletionErasesEveryRowOfTheAccountAndKeepsItsAuditEventsWithoutEmail() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        UUID userId = UUID.fromString(db.string("SELECT id::text FROM users WHERE email = ?", email));
        Accounts.Tokens session = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        Accounts.login(email, "not-the-Password-123");
        given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/password-resets")
                .then().statusCode(202);
        for (String table : List.of("users", "registrations", "user_roles", "refresh_tokens", "password_resets")) {
            assertTrue(rowsOf(db, table, userId) > 0, "the test starts with rows in " + table);
        }
        String auditIds = db.string("SELECT string_agg(id::text, ',' ORDER BY id) FROM audit_events WHERE user_id = ?", userId);

        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD))
                .when().delete(ME)
                .then().statusCode(204);

        for (String table : List.of("users", "registrations", "user_roles", "refresh_tokens", "password_resets",
                "mail_outbox")) {
            assertEquals(0, rowsOf(db, table, userId), "rows left in " + table);
        }
        Set<String> ids = Set.of(auditIds.split(","));
        assertEquals(ids.size(), db.count("SELECT count(*) FROM audit_events WHERE id::text = ANY (string_to_array(?, ','))"
                + " AND user_id IS NULL", auditIds), "the account's audit events stay, detached");
        assertEquals(1, db.count("SELECT count(*) FROM audit_events WHERE id > ? AND type = 'ACCOUNT_DELETED' AND user_id IS NULL",
                Long.parseLong(auditIds.substring(auditIds.lastIndexOf(',') + 1))));
        assertEquals(0, db.count("SELECT count(*) FROM audit_events WHERE details::text ILIKE ?",
                "%" + email.substring(0, email.indexOf('@')) + "%"), "no audit event names the address");

        assertEquals(401, Accounts.refresh(session.refreshToken()).statusCode());
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        given().auth().oauth2(session.accessToken()).when().get(ME)
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static long rowsOf(Db db, String table, UUID userId) {
        String column = "users".equals(table) ? "id" : "user_id";
        return db.count("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", userId);
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(String userId, String email, Instant expiresAt) {
        return Jwt.issuer("http://localhost:8080").audience("accounts").subject(userId).claim("email", email)
                .groups(Set.of("user")).issuedAt(expiresAt.minusSeconds(300)).expiresAt(expiresAt);
    }
}
