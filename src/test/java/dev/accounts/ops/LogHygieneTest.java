package dev.accounts.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.commons.codec.binary.Base32;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.accounts.mfa.Totp;
import dev.accounts.security.SecureTokens;
import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Drives registration, activation and a few hostile requests with debug logging and SQL logging on,
 * then reads the log file: no password, token, or hash of either may be in it.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class LogHygieneTest {

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.log.file.path")
    Path logFile;

    @Test
    void noPasswordTokenOrHashReachesTheLog() throws IOException {
        String email = TestData.uniqueEmail();
        String password = "Zebra-Lantern-" + System.nanoTime();
        given().contentType(ContentType.JSON).body(TestData.registration(email, password))
                .when().post("/api/v1/registrations").then().statusCode(202);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0));
        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .when().post("/api/v1/registrations/activation").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .when().post("/api/v1/registrations/activation").then().statusCode(400);
        // Hostile shapes that put the secret where error messages like to quote input.
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\": " + password + "}")
                .when().post("/api/v1/registrations").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"token\": [\"" + token + "\"]}")
                .when().post("/api/v1/registrations/activation").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"" + password + "\":1}")
                .when().post("/api/v1/registrations").then().statusCode(400);

        String passwordHash = new Db(dataSource).string("SELECT password_hash FROM users WHERE email = ?", email);
        assertTrue(Files.exists(logFile), "the test profile writes the log to " + logFile);
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(log.contains("registered user"), "debug logging of the registration flow is on");
        assertFalse(log.contains(password), "password in the log");
        assertFalse(log.contains(token), "token in the log");
        assertFalse(log.contains(SecureTokens.hash(token)), "token hash in the log");
        assertFalse(log.contains(passwordHash.substring(passwordHash.lastIndexOf('$') + 1)), "password hash in the log");
    }

    /** The MFA secrets: the TOTP secret, codes, recovery codes and the mfaToken of a login's first step. */
    @Test
    void noMfaSecretCodeOrTokenReachesTheLog() throws IOException {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String secret = given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/users/me/mfa/totp").then().statusCode(200)
                .extract().path("secret");
        byte[] key = new Base32().decode(secret);
        String code = Totp.code(key, Totp.step(Instant.now()));
        List<String> recovery = given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/users/me/mfa/totp/confirmation").then().statusCode(200).extract().path("recoveryCodes");
        String mfaToken = Accounts.login(email, TestData.GOOD_PASSWORD).path("mfaToken");
        String next = Totp.code(key, Totp.step(Instant.now()) + 1);
        given().contentType(ContentType.JSON).body(Map.of("mfaToken", mfaToken, "code", next))
                .when().post("/api/v1/auth/mfa/verify").then().statusCode(200);
        String second = Accounts.login(email, TestData.GOOD_PASSWORD).path("mfaToken");
        given().contentType(ContentType.JSON).body(Map.of("mfaToken", second, "code", next))
                .when().post("/api/v1/auth/mfa/verify").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("mfaToken", second, "recoveryCode", recovery.get(0)))
                .when().post("/api/v1/auth/mfa/verify").then().statusCode(200);
        // Hostile shape: the recovery code where a parse error likes to quote it.
        given().contentType(ContentType.JSON).body("{\"mfaToken\": [\"" + mfaToken + "\"], \"recoveryCode\": " + recovery.get(1) + "}")
                .when().post("/api/v1/auth/mfa/verify").then().statusCode(400);

        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertFalse(log.contains(secret), "TOTP secret in the log");
        assertFalse(log.contains("\"" + code + "\"") || log.contains("=" + code + ",") || log.contains("=" + next), "TOTP code in the log");
        assertFalse(log.contains(mfaToken), "mfaToken in the log");
        assertFalse(log.contains(SecureTokens.hash(mfaToken)), "mfaToken hash in the log");
        for (String recoveryCode : recovery) {
            assertFalse(log.contains(recoveryCode), "recovery code in the log");
        }
    }

    /**
     * What follows enrolment: step-up, new recovery codes and removal (with the password, codes and recovery
     * codes in their bodies, right and wrong), and a role's enrolment token through enrolment and confirmation.
     */
    @Test
    void noStepUpCodeRecoveryCodeOrEnrolmentTokenReachesTheLog() throws IOException {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String secret = given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("currentPassword", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/users/me/mfa/totp").then().statusCode(200)
                .extract().path("secret");
        byte[] key = new Base32().decode(secret);
        long step = Totp.step(Instant.now());
        String code = Totp.code(key, step);
        List<String> recovery = given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/users/me/mfa/totp/confirmation").then().statusCode(200).extract().path("recoveryCodes");
        String next = Totp.code(key, step + 1);
        String stepped = given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", next))
                .when().post("/api/v1/auth/mfa/step-up").then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", next))
                .when().post("/api/v1/auth/mfa/step-up").then().statusCode(400);
        List<String> renewed = given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "recoveryCode", recovery.get(0)))
                .when().post("/api/v1/users/me/mfa/recovery-codes").then().statusCode(200).extract().path("recoveryCodes");
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD + "-wrong", "recoveryCode", renewed.get(0)))
                .when().delete("/api/v1/users/me/mfa/totp").then().statusCode(400);
        // Hostile shape: the recovery code where a parse error likes to quote it.
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body("{\"currentPassword\": \"" + TestData.GOOD_PASSWORD + "\", \"recoveryCode\": " + renewed.get(1) + "}")
                .when().delete("/api/v1/users/me/mfa/totp").then().statusCode(400);
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "recoveryCode", renewed.get(2)))
                .when().delete("/api/v1/users/me/mfa/totp").then().statusCode(204);

        String enforced = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'mfa-enforced' FROM users WHERE email = ?", enforced);
        String enrolment = Accounts.login(enforced, TestData.GOOD_PASSWORD).path("enrolmentToken");
        given().auth().oauth2(enrolment).when().get("/api/v1/users/me").then().statusCode(401);
        String enforcedSecret = given().header("Enrolment-Token", enrolment).contentType(ContentType.JSON).when().post("/api/v1/users/me/mfa/totp")
                .then().statusCode(200).extract().path("secret");
        String enforcedCode = Totp.code(new Base32().decode(enforcedSecret), Totp.step(Instant.now()));
        String enforcedAccess = given().header("Enrolment-Token", enrolment).contentType(ContentType.JSON)
                .body(Map.of("code", enforcedCode)).when().post("/api/v1/users/me/mfa/totp/confirmation")
                .then().statusCode(200).extract().path("tokens.accessToken");
        given().header("Enrolment-Token", enrolment).contentType(ContentType.JSON).when().post("/api/v1/users/me/mfa/totp").then().statusCode(401);

        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(log.contains("dev.accounts") || log.contains("DEBUG"), "the log was written");
        assertFalse(log.contains(secret) || log.contains(enforcedSecret), "TOTP secret in the log");
        assertFalse(log.contains("\"" + next + "\"") || log.contains("=" + next), "step-up code in the log");
        assertFalse(log.contains("\"" + enforcedCode + "\"") || log.contains("=" + enforcedCode), "confirmation code in the log");
        assertFalse(log.contains(enrolment), "enrolment token in the log");
        assertFalse(log.contains(SecureTokens.hash(enrolment)), "enrolment token hash in the log");
        assertFalse(log.contains(stepped) || log.contains(enforcedAccess), "access token in the log");
        for (String recoveryCode : recovery) {
            assertFalse(log.contains(recoveryCode), "recovery code in the log");
        }
        for (String recoveryCode : renewed) {
            assertFalse(log.contains(recoveryCode), "renewed recovery code in the log");
            assertFalse(log.contains(recoveryCode.replace("-", "")), "recovery code without dashes in the log");
            assertFalse(log.toLowerCase(java.util.Locale.ROOT).contains(recoveryCode.replace("-", "").toLowerCase(java.util.Locale.ROOT)),
                    "canonical (lower-case) recovery code in the log");
        }
    }
}
