package dev.accounts.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.accounts.security.SecureTokens;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class ActivationTest extends ApiTest {

    private static final String ACTIVATE = "/api/v1/registrations/activation";
    private static final String RESEND = "/api/v1/registrations/activation-requests";

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @Inject
    DataSource dataSource;

    private String registerAndReadToken(String email) {
        given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations").then().statusCode(202);
        MimeMessage mail = Mailbox.await(smtp, email, "Activate your account", 1).get(0);
        return Mailbox.tokenIn(mail);
    }

    private ValidatableResponse activate(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", TestData.GOOD_PASSWORD))
                .when().post(ACTIVATE).then();
    }

    @Test
    void theMailedLinkActivatesTheAccountOnce() {
        String email = TestData.uniqueEmail();
        String token = registerAndReadToken(email);

        MimeMessage mail = Mailbox.to(smtp, email).get(0);
        String body = GreenMailUtil.getBody(mail);
        assertTrue(body.contains("http://localhost:8080/activate?token="), "link from the configured template");

        activate(token).statusCode(200)
                .contentType(ContentType.JSON)
                .body("email", equalTo(email))
                .body("status", equalTo("ACTIVE"))
                .body("roles", hasItem("user"))
                .body("id", notNullValue())
                .body("activatedAt", notNullValue());

        Db db = new Db(dataSource);
        assertEquals("ACTIVE", db.string("SELECT status FROM users WHERE email = ?", email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM registrations r JOIN users u ON u.id = r.user_id
                WHERE u.email = ? AND r.activated_at IS NOT NULL AND r.activation_token_hash IS NULL
                """, email));

        activate(token).statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/activation-token-invalid"))
                .body("status", equalTo(400));
    }

    @Test
    void unknownTokenIsRefused() {
        activate(SecureTokens.issue().token()).statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/activation-token-invalid"));
        activate("'; UPDATE users SET status = 'ACTIVE'; --").statusCode(400)
                .body("type", endsWith("/activation-token-invalid"));
    }

    @Test
    void blankOrMissingTokenIsAValidationProblem() {
        activate("  ").statusCode(400).body("errors.field", hasItem("token"));
        given().contentType(ContentType.JSON).body("{}").when().post(ACTIVATE)
                .then().statusCode(400).body("errors.field", hasItem("token"));
    }

    @Test
    void expiredTokenIsRefusedAndTheAccountStaysPending() {
        String email = TestData.uniqueEmail();
        String token = registerAndReadToken(email);
        Db db = new Db(dataSource);
        db.update("""
                UPDATE registrations SET activation_token_expires_at = now() - interval '1 second'
                WHERE user_id = (SELECT id FROM users WHERE email = ?)
                """, email);

        activate(token).statusCode(400).body("type", endsWith("/activation-token-invalid"));
        assertEquals("PENDING", db.string("SELECT status FROM users WHERE email = ?", email));
    }

    @Test
    void aNewActivationMailReplacesTheOldToken() {
        String email = TestData.uniqueEmail();
        String oldToken = registerAndReadToken(email);

        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase()))
                .when().post(RESEND)
                .then().statusCode(202);
        List<MimeMessage> mails = Mailbox.await(smtp, email, "Activate your account", 2);
        String newToken = Mailbox.tokenIn(mails.get(1));

        activate(oldToken).statusCode(400).body("type", endsWith("/activation-token-invalid"));
        activate(newToken).statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void resendAnswersTheSameForUnknownActiveAndPendingAddresses() {
        String pending = TestData.uniqueEmail();
        registerAndReadToken(pending);
        String active = TestData.uniqueEmail();
        activate(registerAndReadToken(active)).statusCode(200);

        String forPending = resend(pending);
        assertEquals(forPending, resend(active));
        assertEquals(forPending, resend(TestData.uniqueEmail()));

        Db db = new Db(dataSource);
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'ACTIVATION'", active),
                "an active account gets no new activation mail");
    }

    @Test
    void resendRefusesWhatIsNotAnEmail() {
        given().contentType(ContentType.JSON).body(Map.of("email", "not an email"))
                .when().post(RESEND)
                .then().statusCode(400).body("errors.field", hasItem("email"));
    }

    @Test
    void concurrentActivationsOfOneTokenSucceedExactlyOnce() throws Exception {
        String email = TestData.uniqueEmail();
        String token = registerAndReadToken(email);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                attempts.add(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("token", token, "password", TestData.GOOD_PASSWORD))
                        .when().post(ACTIVATE).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(9, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private String resend(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post(RESEND)
                .then().statusCode(202).extract().asString();
    }
}
