package dev.accounts.mfa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.commons.codec.binary.Base32;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Enrolment, the two-step login and its refusals, through HTTP, with codes computed here from the secret. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class MfaTest extends ApiTest {

    private static final String MFA = "/api/v1/users/me/mfa";

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void enrolLogInWithACodeAndTheTokenSaysPwdOtp() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(access).when().get(MFA).then().statusCode(200)
                .body("enabled", equalTo(false)).body("recoveryCodesLeft", equalTo(0));

        ExtractableResponse<Response> enrolment = bearerEnrolment(access).when().post(MFA + "/totp")
                .then().statusCode(200).header("Cache-Control", containsString("no-store")).extract();
        String secret = enrolment.path("secret");
        // The QR code in the answer is the otpauth URI, read back by ZXing.
        assertEquals(enrolment.<String>path("otpauthUri"), QrSvgTest.decode(enrolment.path("qrCodeSvg")));
        String uri = URLDecoder.decode(enrolment.path("otpauthUri"), StandardCharsets.UTF_8);
        assertTrue(uri.startsWith("otpauth://totp/"), uri);
        assertTrue(uri.contains(":" + email + "?secret=" + secret), uri);
        assertTrue(uri.contains("&issuer="), uri);
        assertEquals(0, db.count("SELECT count(*) FROM user_mfa_factors f JOIN users u ON u.id = f.user_id "
                + "WHERE u.email = ? AND position(convert_to(?, 'UTF8') in f.secret) > 0", email, secret),
                "the secret is not stored in the clear");
        // Not on before confirmation: the login still issues tokens.
        assertNotNull(Accounts.login(email, TestData.GOOD_PASSWORD).path("accessToken"));
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", wrong(code(secret, 0))))
                .when().post(MFA + "/totp/confirmation").then().statusCode(400)
                .body("type", endsWith("/mfa-code-invalid"));

        List<String> recovery = given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("code", code(secret, 0))).when().post(MFA + "/totp/confirmation")
                .then().statusCode(200).body("recoveryCodes", hasSize(10)).extract().path("recoveryCodes");
        given().auth().oauth2(access).when().get(MFA).then().statusCode(200)
                .body("enabled", equalTo(true)).body("methods[0]", equalTo("totp")).body("recoveryCodesLeft", equalTo(10));
        assertEquals(0, db.count("SELECT count(*) FROM mfa_recovery_codes WHERE code_hash = ? OR code_hash = ?",
                recovery.get(0), recovery.get(0).replace("-", "")), "recovery codes are stored as hashes");

        ExtractableResponse<Response> first = Accounts.login(email, TestData.GOOD_PASSWORD);
        assertEquals(200, first.statusCode());
        assertEquals(Boolean.TRUE, first.path("mfaRequired"));
        assertEquals(List.of("totp", "recovery_code"), first.path("methods"));
        assertNull(first.path("accessToken"), "no tokens before the second factor");
        String mfaToken = first.path("mfaToken");

        // The confirmation's code was accepted once; the next step's code is within the window.
        String next = code(secret, 1);
        String token = verify(Map.of("mfaToken", mfaToken, "code", next)).then().statusCode(200)
                .body("refreshToken", notNullValue()).extract().path("accessToken");
        JwtClaims claims = verifiedWithJwks(token);
        assertEquals(List.of("pwd", "otp"), claims.getStringListClaimValue("amr"));
        assertNotNull(claims.getClaimValue("auth_time"));

        // Replay: the same code on a new challenge is refused.
        String second = Accounts.login(email, TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", second, "code", next)).then().statusCode(401)
                .body("type", endsWith("/mfa-verification-failed"));
        // The used mfaToken does not work again, even with a right recovery code.
        verify(Map.of("mfaToken", mfaToken, "recoveryCode", recovery.get(0))).then().statusCode(401);
        // A recovery code works once.
        verify(Map.of("mfaToken", second, "recoveryCode", recovery.get(0).toUpperCase())).then().statusCode(200);
        String third = Accounts.login(email, TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", third, "recoveryCode", recovery.get(0))).then().statusCode(401);
        given().auth().oauth2(access).when().get(MFA).then().body("recoveryCodesLeft", equalTo(9));
        bearerEnrolment(access).when().post(MFA + "/totp").then().statusCode(409);
    }

    @Test
    void aRecoveryCodeUsedConcurrentlyWorksOnce() throws Exception {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        int attempts = 6;
        List<String> challenges = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            challenges.add(Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (String challenge : challenges) {
                calls.add(() -> verify(Map.of("mfaToken", challenge, "recoveryCode", user.recovery().get(3))).statusCode());
            }
            int successes = 0;
            for (Future<Integer> result : pool.invokeAll(calls)) {
                successes += result.get() == 200 ? 1 : 0;
            }
            assertEquals(1, successes);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredMfaTokenIsRefusedAndAMalformedRequestIsA400() throws Exception {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String mfaToken = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        verify(Map.of("mfaToken", mfaToken)).then().statusCode(400);
        verify(Map.of("mfaToken", mfaToken, "code", "12345")).then().statusCode(400);
        db.update("UPDATE mfa_challenges SET created_at = created_at - interval '1 hour', "
                + "expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = ?)", user.email());
        verify(Map.of("mfaToken", mfaToken, "recoveryCode", user.recovery().get(0))).then().statusCode(401);
        verify(Map.of("mfaToken", "no-such-token", "code", "123456")).then().statusCode(401);
    }

    @Test
    void wrongCodesCountTowardsTheLockoutLikeWrongPasswords() throws Exception {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String mfaToken = Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaToken");
        // Five (accounts.lockout.threshold) wrong codes: the account locks for this client.
        for (int i = 0; i < 5; i++) {
            verify(Map.of("mfaToken", mfaToken, "code", wrong(code(user.secret(), 1)))).then().statusCode(401);
        }
        assertEquals(1, db.count("SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id "
                + "WHERE u.email = ? AND f.locked_until > now()", user.email()));
        // Locked: a right password gets the usual 401, and a right code on the old challenge no tokens.
        assertEquals(401, Accounts.login(user.email(), TestData.GOOD_PASSWORD).statusCode());
        verify(Map.of("mfaToken", mfaToken, "code", code(user.secret(), 1))).then().statusCode(401);
        // A right password does not reset the count before the second factor.
        Accounts.clearLockout(db, user.email());
        db.update("UPDATE users SET failed_login_count = 3 WHERE email = ?", user.email());
        assertEquals(Boolean.TRUE, Accounts.login(user.email(), TestData.GOOD_PASSWORD).path("mfaRequired"));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = ? AND failed_login_count = 3", user.email()));
    }

    @Test
    void aWrongPasswordOnAnAccountWithMfaLooksLikeAnyWrongPassword() throws Exception {
        Db db = new Db(dataSource);
        Enrolled user = enrolled(db);
        String plain = Accounts.newActive(db);
        ExtractableResponse<Response> withMfa = Accounts.login(user.email(), TestData.GOOD_PASSWORD + "x");
        ExtractableResponse<Response> without = Accounts.login(plain, TestData.GOOD_PASSWORD + "x");
        assertEquals(401, withMfa.statusCode());
        assertEquals(without.statusCode(), withMfa.statusCode());
        assertEquals((String) without.path("type"), withMfa.path("type"));
        assertEquals((String) without.path("detail"), withMfa.path("detail"));
        assertNull(withMfa.path("mfaRequired"));
    }

    private static Response verify(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(new HashMap<>(body)).when().post("/api/v1/auth/mfa/verify");
    }

    private Enrolled enrolled(Db db) {
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String secret = bearerEnrolment(access).when().post(MFA + "/totp").then().statusCode(200).extract().path("secret");
        List<String> recovery = given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("code", code(secret, 0))).when().post(MFA + "/totp/confirmation")
                .then().statusCode(200).extract().path("recoveryCodes");
        return new Enrolled(email, secret, recovery);
    }

    /** A bearer request to start enrolment: it carries the current password. */
    static RequestSpecification bearerEnrolment(String access) {
        return given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD));
    }

    /** The code of the step {@code offset} steps from now, computed from the base32 secret as an app would. */
    static String code(String base32Secret, int offset) {
        return Totp.code(new Base32().decode(base32Secret), Totp.step(Instant.now()) + offset);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static JwtClaims verifiedWithJwks(String token) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(given().when().get("/.well-known/jwks.json").then().extract().asString());
        return new JwtConsumerBuilder().setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer("http://localhost:8080").setExpectedAudience("accounts").setRequireExpirationTime()
                .build().processToClaims(token);
    }

    record Enrolled(String email, String secret, List<String> recovery) {
    }
}
