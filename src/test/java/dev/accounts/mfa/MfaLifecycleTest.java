package dev.accounts.mfa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.Management;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What follows enrolment, through HTTP with codes computed here from the returned secret: removing the factor
 * and renewing the recovery codes (password and a code), step-up for sensitive actions, the administrator's
 * view and removal, the enrolment that a role demands, and the mails and audit events of each.
 *
 * <p>A TOTP code is accepted once, and only the codes of the steps next to now are; where a test needs more
 * codes than that window holds, {@link #forgetUsedSteps} stands in for waiting for the next 30-second step.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class MfaLifecycleTest extends ApiTest {

    private static final String MFA = "/api/v1/users/me/mfa";
    /** The role that %test (and the integration tests' MfaEnforcedRoleResource) names in accounts.mfa.required-roles. */
    static final String ENFORCED_ROLE = "mfa-enforced";

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void removingTheFactorNeedsThePasswordAndACodeAndWrongProofsCount() {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String next = MfaTest.code(user.secret(), 1);

        // Wrong password (with the right code), then the right password with a wrong code: the same 400, each counted.
        remove(user.access(), proof(TestData.GOOD_PASSWORD + "x", next, null)).then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("type", endsWith("/mfa-proof-invalid"));
        assertEquals(1, failures(db, user.email()));
        remove(user.access(), proof(TestData.GOOD_PASSWORD, wrong(next), null)).then().statusCode(400)
                .body("type", endsWith("/mfa-proof-invalid"));
        assertEquals(2, failures(db, user.email()));
        // Neither or both of code and recoveryCode, or a code of the wrong shape: a 400, never a 500.
        remove(user.access(), proof(TestData.GOOD_PASSWORD, null, null)).then().statusCode(400);
        remove(user.access(), proof(TestData.GOOD_PASSWORD, next, user.recovery().get(0))).then().statusCode(400);
        remove(user.access(), proof(TestData.GOOD_PASSWORD, "12ab56", null)).then().statusCode(400);
        given().auth().oauth2(user.access()).contentType(ContentType.JSON).body("{\"currentPassword\": 5}")
                .when().delete(MFA + "/totp").then().statusCode(400);
        given().when().delete(MFA + "/totp").then().statusCode(401);

        remove(user.access(), proof(TestData.GOOD_PASSWORD, next, null)).then().statusCode(204);
        given().auth().oauth2(user.access()).when().get(MFA).then().statusCode(200)
                .body("enabled", equalTo(false)).body("recoveryCodesLeft", equalTo(0));
        assertEquals(0, db.count("SELECT count(*) FROM mfa_recovery_codes c JOIN users u ON u.id = c.user_id WHERE u.email = ?",
                user.email()));
        assertEquals(0, db.count("SELECT count(*) FROM user_mfa_factors f JOIN users u ON u.id = f.user_id WHERE u.email = ?",
                user.email()));
        // The right proof started the client's count over; the login asks for the password only again.
        assertEquals(0, failures(db, user.email()));
        assertNull(Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaRequired"));
        remove(user.access(), proof(TestData.GOOD_PASSWORD, next, null)).then().statusCode(409);

        assertTrue(body(Mailbox.await(smtp, user.email(), "The second factor of your account was removed", 1).get(0))
                .contains("with your password and a code"));
        assertEquals(1, audits(db, user.email(), "MFA_FACTOR_REMOVED"));
        assertEquals(2, audits(db, user.email(), "MFA_VERIFICATION_FAILED"));
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("accounts_mfa_factors_removed_total{by=\"user\"}"))
                .body(containsString("accounts_mfa_verifications_total{method=\"totp\",outcome=\"failed\"}"));
    }

    /**
     * With a bearer token, enrolment asks for the current password as DELETE /users/me does: a stolen access
     * token alone cannot put the thief's app on the account. A wrong one is a 400, counted in the client's
     * lockout, audited and metered; once locked out, not even the right one is checked.
     */
    @Test
    void enrolmentWithABearerTokenNeedsTheCurrentPassword() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        // No body (as JSON: another content type is a 415, as on every JSON endpoint).
        given().auth().oauth2(access).contentType(ContentType.JSON).when().post(MFA + "/totp").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        enrol(access, "{}").then().statusCode(400).body("errors.field", hasItem("currentPassword"));
        enrol(access, "{\"currentPassword\": 5}").then().statusCode(400);
        enrol(access, "{\"currentPassword\": \"" + TestData.GOOD_PASSWORD + "\", \"secret\": \"AAAA\"}").then().statusCode(400);
        assertEquals(0, failures(db, email), "a missing or malformed password is no guess");

        enrol(access, Map.of("currentPassword", TestData.GOOD_PASSWORD + "x")).then().statusCode(400)
                .body("type", endsWith("/validation-failed")).body("errors.field", hasItem("currentPassword"));
        assertEquals(1, failures(db, email));
        assertEquals(1, db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? "
                + "AND a.type = 'CURRENT_PASSWORD_REFUSED' AND a.details ->> 'action' = 'mfa-enrolment'", email));
        assertEquals(0, db.count("SELECT count(*) FROM user_mfa_factors f JOIN users u ON u.id = f.user_id WHERE u.email = ?", email));
        Management.given().when().get("/q/metrics").then()
                .body(containsString("accounts_current_password_failures_total{action=\"mfa-enrolment\"}"));

        String secret = enrol(access, Map.of("currentPassword", TestData.GOOD_PASSWORD)).then().statusCode(200)
                .header("Cache-Control", containsString("no-store")).extract().path("secret");
        assertNotNull(secret);
        assertEquals(0, failures(db, email), "the right password starts the client's count over");

        for (int i = 0; i < 5; i++) {
            enrol(access, Map.of("currentPassword", TestData.GOOD_PASSWORD + i)).then().statusCode(400);
        }
        // Locked out for this client: the right password is refused unchecked, and the pending secret stays.
        enrol(access, Map.of("currentPassword", TestData.GOOD_PASSWORD)).then().statusCode(400)
                .body("errors.field", hasItem("currentPassword"));
        assertEquals(1, db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? "
                + "AND a.type = 'CURRENT_PASSWORD_REFUSED' AND a.details ->> 'locked' = 'true'", email));
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", MfaTest.code(secret, 0)))
                .when().post(MFA + "/totp/confirmation").then().statusCode(200);
    }

    /**
     * Concurrent enrolments of one account (a double click, a retrying client) each get a secret or a clear
     * answer, never a 500, and one pending secret is left; concurrent renewals leave ten unused recovery codes, not ten per renewal.
     * Before the account's row was locked, two enrolments deleted the same pending secret (or both inserted
     * one) and the loser's transaction failed.
     */
    @Test
    void concurrentEnrolmentsAndRenewalsOfOneAccountLeaveOneSecretAndTenCodes() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        List<Integer> enrolments = concurrently(6, () -> enrol(access, Map.of("currentPassword", TestData.GOOD_PASSWORD)).statusCode());
        assertEquals(List.of(200, 200, 200, 200, 200, 200), enrolments);
        assertEquals(1, db.count("SELECT count(*) FROM user_mfa_factors f JOIN users u ON u.id = f.user_id WHERE u.email = ?", email));

        // Each renewal proves itself with a recovery code of its own, so that those whose proof is checked
        // before the first renewal lands all pass it and meet at the replacement of the codes (each deleting
        // the codes it sees, then inserting ten); the later ones find their code replaced (400).
        Enrolled user = enrolled(db);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> renewals = concurrently(6, () -> regenerate(user.access(),
                proof(TestData.GOOD_PASSWORD, null, user.recovery().get(next.getAndIncrement()))).statusCode());
        assertTrue(renewals.contains(200) && renewals.stream().allMatch(status -> status == 200 || status == 400), renewals.toString());
        assertEquals(10, db.count("SELECT count(*) FROM mfa_recovery_codes c JOIN users u ON u.id = c.user_id "
                + "WHERE u.email = ? AND c.used_at IS NULL", user.email()));
    }

    private static List<Integer> concurrently(int callers, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(java.util.Collections.nCopies(callers, call))) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongProofsLockTheClientOutOfRemovalAsWrongPasswordsDo() {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String next = MfaTest.code(user.secret(), 1);
        for (int i = 0; i < 5; i++) {
            remove(user.access(), proof(TestData.GOOD_PASSWORD + "x", next, null)).then().statusCode(400);
        }
        assertEquals(1, db.count("SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id "
                + "WHERE u.email = ? AND f.locked_until > now()", user.email()));
        // Locked for this client: the right proof is refused too, and the factor stays.
        remove(user.access(), proof(TestData.GOOD_PASSWORD, next, null)).then().statusCode(400)
                .body("type", endsWith("/mfa-proof-invalid"));
        given().auth().oauth2(user.access()).when().get(MFA).then().body("enabled", equalTo(true));
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox m JOIN users u ON u.id = m.user_id "
                + "WHERE u.email = ? AND m.template = 'ACCOUNT_LOCKED'", user.email()));
    }

    @Test
    void newRecoveryCodesVoidTheOldOnes() {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        regenerate(user.access(), proof(TestData.GOOD_PASSWORD, null, "no-such-code")).then().statusCode(400)
                .body("type", endsWith("/mfa-proof-invalid"));
        assertEquals(1, failures(db, user.email()));

        List<String> fresh = regenerate(user.access(), proof(TestData.GOOD_PASSWORD, null, user.recovery().get(0)))
                .then().statusCode(200).header("Cache-Control", containsString("no-store"))
                .body("recoveryCodes", hasSize(10)).extract().path("recoveryCodes");
        for (String old : user.recovery()) {
            assertFalse(fresh.contains(old));
        }
        given().auth().oauth2(user.access()).when().get(MFA).then().body("recoveryCodesLeft", equalTo(10));
        // An old code no longer passes the login's second step; a new one does.
        String mfaToken = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", mfaToken, "recoveryCode", user.recovery().get(1))).then().statusCode(401);
        verify(Map.of("mfaToken", mfaToken, "recoveryCode", fresh.get(0))).then().statusCode(200);
        // With a TOTP code too.
        regenerate(user.access(), proof(TestData.GOOD_PASSWORD, MfaTest.code(user.secret(), 1), null)).then().statusCode(200);
        assertEquals(2, audits(db, user.email(), "MFA_RECOVERY_CODES_REGENERATED"));

        // The login's recovery code mailed the owner how many are left (the regenerations' proofs did not).
        List<jakarta.mail.internet.MimeMessage> used = Mailbox.await(smtp, user.email(), "A recovery code of your account was used", 1);
        assertEquals(1, used.size());
        assertTrue(body(used.get(0)).contains("9 unused recovery codes are left"), body(used.get(0)));
    }

    /**
     * New recovery codes carry 120 bits (ASVS 5.0 6.5.2: a plain hash only from 112 bits); one typed in lower
     * case without dashes works. A code of the earlier 79-bit format, stored as the SHA-256 of its lower-case
     * form, still works once, with or without its dashes.
     */
    @Test
    void recoveryCodesCarry120BitsAndCodesOfTheEarlierFormatStillWork() {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        for (String code : user.recovery()) {
            assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}"), code);
        }
        String mfaToken = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", mfaToken, "recoveryCode", user.recovery().get(2).toLowerCase().replace("-", "")))
                .then().statusCode(200);

        db.update("INSERT INTO mfa_recovery_codes (id, user_id, code_hash, created_at) SELECT gen_random_uuid(), id, "
                + "encode(sha256(convert_to('abcdefghjkmnpqrs', 'UTF8')), 'hex'), now() FROM users WHERE email = ?", user.email());
        String second = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", second, "recoveryCode", "abcd-efgh-jkmn-pqrs")).then().statusCode(200);
        String third = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", third, "recoveryCode", "ABCDEFGHJKMNPQRS")).then().statusCode(401);
    }

    @Test
    void sensitiveActionsDemandARecentSecondFactorAndStepUpGivesIt() throws Exception {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        // The token of the password-only login before enrolment says amr [pwd].
        changePassword(user.access(), "Another-Long-Passphrase-" + System.nanoTime()).then().statusCode(401)
                .body("type", endsWith("/step-up-required")).body("detail", containsString("/api/v1/auth/mfa/step-up"));
        given().auth().oauth2(user.access()).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD)).when().delete("/api/v1/users/me").then().statusCode(401)
                .body("type", endsWith("/step-up-required"));

        // A wrong code: 400, counted in the lockout.
        stepUp(user.access(), wrong(MfaTest.code(user.secret(), 1))).then().statusCode(400).body("type", endsWith("/mfa-code-invalid"));
        assertEquals(1, failures(db, user.email()));
        stepUp(user.access(), "abc").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("code", "123456")).when().post("/api/v1/auth/mfa/step-up")
                .then().statusCode(401);

        String stepped = stepUp(user.access(), MfaTest.code(user.secret(), 1)).then().statusCode(200)
                .header("Cache-Control", containsString("no-store")).body("tokenType", equalTo("Bearer"))
                .body("refreshToken", nullValue()).extract().path("accessToken");
        JsonPath before = claims(user.access());
        JsonPath after = claims(stepped);
        assertEquals(List.of("pwd", "otp"), after.getList("amr"));
        assertEquals(before.getString("sid"), after.getString("sid"), "the same session");
        assertTrue(after.getLong("auth_time") >= Instant.now().getEpochSecond() - 60);
        assertEquals(0, failures(db, user.email()), "the right code starts the client's count over");
        // The same code again: refused (no replay), and counted like any wrong code.
        stepUp(user.access(), MfaTest.code(user.secret(), 1)).then().statusCode(400);
        assertEquals(1, failures(db, user.email()));

        String newPassword = "Another-Long-Passphrase-" + System.nanoTime();
        changePassword(stepped, newPassword).then().statusCode(204);
        assertEquals(1, audits(db, user.email(), "MFA_STEP_UP", "passed"));
        assertEquals(2, audits(db, user.email(), "MFA_STEP_UP", "failed"));
        Management.given().when().get("/q/metrics").then()
                .body(containsString("accounts_mfa_step_ups_total{outcome=\"passed\"}"));
    }

    @Test
    void aSecondFactorOlderThanTheMaxAgeIsNotRecent() throws Exception {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        // A login with both factors: recent, so the erasure goes through at once...
        Accounts.Tokens fresh = mfaLogin(user);
        // ...but a session whose login is ten minutes old gives, on refresh, a token whose auth_time is too.
        db.update("UPDATE sessions SET created_at = created_at - interval '10 minutes' WHERE user_id = "
                + "(SELECT id FROM users WHERE email = ?)", user.email());
        String aged = Accounts.refresh(fresh.refreshToken()).path("accessToken");
        assertEquals(List.of("pwd", "otp"), claims(aged).getList("amr"));
        given().auth().oauth2(aged).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD)).when().delete("/api/v1/users/me").then().statusCode(401)
                .body("type", endsWith("/step-up-required"));
        forgetUsedSteps(db, user.email());
        String stepped = stepUp(aged, MfaTest.code(user.secret(), 0)).then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(stepped).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD)).when().delete("/api/v1/users/me").then().statusCode(204);
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = ?", user.email()));
    }

    @Test
    void accountsWithoutMfaNeedNoStepUp() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        stepUp(access, "123456").then().statusCode(409);
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD)).when().delete("/api/v1/users/me").then().statusCode(204);
    }

    @Test
    void administratorsSeeAndRemoveTheFactorsButNeverTheSecret() {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String adminEmail = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", adminEmail);
        String admin = Accounts.loggedIn(adminEmail, TestData.GOOD_PASSWORD).accessToken();
        String id = db.string("SELECT CAST(id AS text) FROM users WHERE email = ?", user.email());
        String users = "/api/v1/admin/users/";

        String detail = given().auth().oauth2(admin).when().get(users + id).then().statusCode(200)
                .body("mfa.totp", equalTo(true)).body("mfa.recoveryCodesLeft", equalTo(10)).extract().asString();
        assertFalse(detail.contains(user.secret()), "no secret in the admin's view");
        assertFalse(detail.contains("secret"), detail);

        given().auth().oauth2(user.access()).when().delete(users + id + "/mfa").then().statusCode(403);
        given().auth().oauth2(admin).when().delete(users + "00000000-0000-0000-0000-000000000000/mfa").then().statusCode(404)
                .body("type", endsWith("/not-found"));
        given().auth().oauth2(admin).when().delete(users + "not-a-uuid/mfa").then().statusCode(400);
        given().auth().oauth2(admin).when().delete(users + id + "/mfa").then().statusCode(204);
        given().auth().oauth2(admin).when().get(users + id).then().statusCode(200)
                .body("mfa.totp", equalTo(false)).body("mfa.recoveryCodesLeft", equalTo(0));
        assertNull(Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaRequired"));
        // Again, with nothing left to remove: 204, no second mail.
        given().auth().oauth2(admin).when().delete(users + id + "/mfa").then().statusCode(204);

        assertTrue(body(Mailbox.await(smtp, user.email(), "The second factor of your account was removed", 1).get(0))
                .contains("An administrator removed"));
        assertEquals(1, db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? "
                + "AND a.type = 'MFA_FACTOR_REMOVED' AND a.details ->> 'actor' = "
                + "(SELECT CAST(id AS text) FROM users WHERE email = ?)", user.email(), adminEmail));
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox m JOIN users u ON u.id = m.user_id "
                + "WHERE u.email = ? AND m.template = 'MFA_REMOVED'", user.email()));
    }

    @Test
    void aRoleThatRequiresMfaGetsAnEnrolmentTokenThatOpensEnrolmentOnly() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, ? FROM users WHERE email = ?", ENFORCED_ROLE, email);

        ExtractableResponse<Response> login = Accounts.login(email, TestData.GOOD_PASSWORD);
        assertEquals(200, login.statusCode());
        assertEquals(Boolean.TRUE, login.path("mfaEnrolmentRequired"));
        assertNull(login.path("accessToken"), "no normal token before enrolment");
        assertNull(login.path("refreshToken"));
        assertTrue(((Number) login.path("expiresIn")).longValue() > 0);
        String enrolment = login.path("enrolmentToken");
        assertEquals(0, db.count("SELECT count(*) FROM mfa_challenges WHERE token_hash = ? OR token_hash = ?", enrolment,
                enrolment.substring(0, 20)), "stored as its hash");

        // Every other endpoint refuses it, as a bearer token or as the header.
        given().auth().oauth2(enrolment).when().get("/api/v1/users/me").then().statusCode(401);
        given().auth().oauth2(enrolment).when().post(MFA + "/totp").then().statusCode(401);
        withEnrolment(enrolment).when().get("/api/v1/users/me").then().statusCode(401);
        withEnrolment(enrolment).when().get(MFA).then().statusCode(401);
        withEnrolment(enrolment).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "code", "123456"))
                .when().post(MFA + "/recovery-codes").then().statusCode(401);
        withEnrolment(enrolment).when().get("/api/v1/users/me/sessions").then().statusCode(401);
        verify(Map.of("mfaToken", enrolment, "code", "123456")).then().statusCode(401);
        withEnrolment("not-the-token").when().post(MFA + "/totp").then().statusCode(401);

        // No password again: the login that issued the token checked it minutes ago. No body, or {}.
        withEnrolment(enrolment).body("{}").when().post(MFA + "/totp").then().statusCode(200);
        // A client that sends no Content-Type with its empty body (curl -X POST) is served too.
        java.net.http.HttpResponse<String> bare = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + MFA + "/totp"))
                .header(MfaResource.ENROLMENT_TOKEN, enrolment).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bare.statusCode(), bare.body());
        String secret = withEnrolment(enrolment).when().post(MFA + "/totp").then().statusCode(200).extract().path("secret");
        withEnrolment(enrolment).contentType(ContentType.JSON).body(Map.of("code", wrong(MfaTest.code(secret, 0))))
                .when().post(MFA + "/totp/confirmation").then().statusCode(400).body("type", endsWith("/mfa-code-invalid"));
        ExtractableResponse<Response> confirmed = withEnrolment(enrolment).contentType(ContentType.JSON)
                .body(Map.of("code", MfaTest.code(secret, 0))).when().post(MFA + "/totp/confirmation")
                .then().statusCode(200).header("Cache-Control", containsString("no-store"))
                .body("recoveryCodes", hasSize(10)).body("tokens.refreshToken", notNullValue()).extract();
        String access = confirmed.path("tokens.accessToken");
        assertEquals(List.of("pwd", "otp"), claims(access).getList("amr"));
        given().auth().oauth2(access).when().get(MFA).then().statusCode(200).body("enabled", equalTo(true));
        // Used up by the confirmation.
        withEnrolment(enrolment).when().post(MFA + "/totp").then().statusCode(401);
        // From now on the login asks for the code; the role forbids removing the factor.
        assertEquals(Boolean.TRUE, Accounts.login(email, TestData.GOOD_PASSWORD).path("mfaRequired"));
        remove(access, proof(TestData.GOOD_PASSWORD, MfaTest.code(secret, 1), null)).then().statusCode(409);
        assertEquals(1, audits(db, email, "LOGIN_MFA_ENROLMENT_REQUIRED"));
        Mailbox.await(smtp, email, "A second factor was added to your account", 1);
    }

    /**
     * A role that starts requiring MFA reaches the sessions that began without a second factor: their next
     * refresh is a 401 and ends them, and the next login leads to enrolment. Sessions with both factors go on.
     */
    @Test
    void aSessionWithoutASecondFactorEndsAtRefreshOnceTheRoleRequiresOne() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens before = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        String refreshed = Accounts.refresh(before.refreshToken()).path("refreshToken");
        assertNotNull(refreshed, "refresh works while no role of the user requires MFA");

        // The user gets the role (the same, seen from the session, as the role entering accounts.mfa.required-roles).
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, ? FROM users WHERE email = ?", ENFORCED_ROLE, email);
        ExtractableResponse<Response> refused = Accounts.refresh(refreshed);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.<String>path("type").endsWith("/refresh-token-invalid"), refused.asString());
        assertTrue(refused.<String>path("detail").contains("second factor"), refused.asString());
        assertEquals(401, Accounts.refresh(refreshed).statusCode(), "the session has ended");
        assertEquals(1, db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? "
                + "AND a.type = 'SESSIONS_REVOKED' AND a.details ->> 'reason' = 'mfa-required'", email));
        assertEquals(Boolean.TRUE, Accounts.login(email, TestData.GOOD_PASSWORD).path("mfaEnrolmentRequired"));

        // A session that began with both factors is not touched.
        Enrolled user = enrolled(db);
        Accounts.Tokens both = mfaLogin(user);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, ? FROM users WHERE email = ?", ENFORCED_ROLE, user.email());
        assertEquals(200, Accounts.refresh(both.refreshToken()).statusCode());
        Management.given().when().get("/q/metrics").then()
                .body(containsString("accounts_mfa_sessions_ended_total{reason=\"required-role\"}"));
    }

    @Test
    void anExpiredEnrolmentTokenIsRefused() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, ? FROM users WHERE email = ?", ENFORCED_ROLE, email);
        String enrolment = Accounts.login(email, TestData.GOOD_PASSWORD).path("enrolmentToken");
        db.update("UPDATE mfa_challenges SET created_at = created_at - interval '1 hour', expires_at = now() - interval '1 second' "
                + "WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);
        withEnrolment(enrolment).when().post(MFA + "/totp").then().statusCode(401);
    }

    @Test
    void aNewFactorIsMailedAndAudited() {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String text = body(Mailbox.await(smtp, user.email(), "A second factor was added to your account", 1).get(0));
        assertFalse(text.contains(user.secret()));
        for (String code : user.recovery()) {
            assertFalse(text.contains(code));
        }
        assertEquals(1, audits(db, user.email(), "MFA_FACTOR_ADDED"));
        assertNotEquals(0, text.length());
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private Enrolled enrolled(Db db) {
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String secret = MfaTest.bearerEnrolment(access).when().post(MFA + "/totp").then().statusCode(200).extract().path("secret");
        List<String> recovery = given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("code", MfaTest.code(secret, 0))).when().post(MFA + "/totp/confirmation")
                .then().statusCode(200).extract().path("recoveryCodes");
        return new Enrolled(email, access, secret, recovery);
    }

    /** Logs in with the password and a recovery code (no TOTP step is used up). */
    private Accounts.Tokens mfaLogin(Enrolled user) {
        String mfaToken = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        ExtractableResponse<Response> tokens = verify(Map.of("mfaToken", mfaToken, "recoveryCode", user.recovery().get(9)))
                .then().statusCode(200).extract();
        return new Accounts.Tokens(tokens.path("accessToken"), tokens.path("refreshToken"));
    }

    /** Stands in for waiting until the next 30-second step: the codes of the window work once more. */
    private static void forgetUsedSteps(Db db, String email) {
        db.update("UPDATE user_mfa_factors SET last_used_step = NULL WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);
    }

    private static Map<String, Object> proof(String password, String code, String recoveryCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("currentPassword", password);
        if (code != null) {
            body.put("code", code);
        }
        if (recoveryCode != null) {
            body.put("recoveryCode", recoveryCode);
        }
        return body;
    }

    private static Response enrol(String access, Map<String, String> body) {
        return given().auth().oauth2(access).contentType(ContentType.JSON).body(body).when().post(MFA + "/totp");
    }

    private static Response enrol(String access, String json) {
        return given().auth().oauth2(access).contentType(ContentType.JSON).body(json).when().post(MFA + "/totp");
    }

    private static Response remove(String access, Map<String, Object> proof) {
        return given().auth().oauth2(access).contentType(ContentType.JSON).body(proof).when().delete(MFA + "/totp");
    }

    private static Response regenerate(String access, Map<String, Object> proof) {
        return given().auth().oauth2(access).contentType(ContentType.JSON).body(proof).when().post(MFA + "/recovery-codes");
    }

    private static Response stepUp(String access, String code) {
        return given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/auth/mfa/step-up");
    }

    private static Response changePassword(String access, String newPassword) {
        return given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", newPassword))
                .when().put("/api/v1/users/me/password");
    }

    private static Response verify(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(new HashMap<>(body)).when().post("/api/v1/auth/mfa/verify");
    }

    /** The enrolment token's header, and no body (Content-Type application/json, as the endpoints consume). */
    private static RequestSpecification withEnrolment(String token) {
        return given().header(MfaResource.ENROLMENT_TOKEN, token).contentType(ContentType.JSON);
    }

    /** The claims of a JWT, unverified (MfaTest verifies the signature with the JWKS). */
    private static JsonPath claims(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** Wrong proofs of this account still counted for this client (the test's 127.0.0.1). */
    private static long failures(Db db, String email) {
        return db.count("SELECT coalesce(sum(f.failures), 0) FROM login_failures f JOIN users u ON u.id = f.user_id WHERE u.email = ?",
                email);
    }

    private static long audits(Db db, String email, String type) {
        return db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = ?",
                email, type);
    }

    private static long audits(Db db, String email, String type, String outcome) {
        return db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = ? "
                + "AND a.details ->> 'outcome' = ?", email, type, outcome);
    }

    private static String body(jakarta.mail.internet.MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("\r\n", " ").replace("\n", " ");
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    record Enrolled(String email, String access, String secret, List<String> recovery) {
    }
}
