package dev.accounts.passwordreset;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
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
import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class PasswordResetResourceTest extends ApiTest {

    private static final String PATH = "/api/v1/password-resets";
    private static final String SUBJECT = "Reset your password";
    private static final String NEW_PASSWORD = "amber-Lantern-882-fjord";

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    private static ExtractableResponse<Response> requestReset(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post(PATH).then().extract();
    }

    private static ExtractableResponse<Response> confirm(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", newPassword))
                .when().post(PATH + "/confirmation").then().extract();
    }

    @Test
    void theMailedLinkSetsANewPasswordOnceAndRevokesEveryRefreshToken() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String session = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

        ExtractableResponse<Response> accepted = requestReset(email);
        assertEquals(202, accepted.statusCode());
        MimeMessage mail = Mailbox.await(smtp, email, SUBJECT, 1).get(0);
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        assertTrue(body.contains("http://localhost:8080/reset-password?token="), body);
        assertTrue(body.contains("30 minutes"), body);
        String token = Mailbox.tokenIn(mail);

        assertEquals(204, confirm(token, NEW_PASSWORD).statusCode());

        assertEquals(401, Accounts.refresh(session).statusCode());
        assertEquals(0, db.count("""
                SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.revoked_at IS NULL
                """, email));
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        assertEquals(200, Accounts.login(email, NEW_PASSWORD).statusCode());

        ExtractableResponse<Response> again = confirm(token, "another-Quiet-Harbor-5");
        assertEquals(400, again.statusCode());
        assertEquals("application/problem+json", again.contentType());
        assertEquals("/problems/reset-token-invalid", again.path("type"));
        assertEquals(401, Accounts.login(email, "another-Quiet-Harbor-5").statusCode());
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'PASSWORD_RESET'
                """, email));
    }

    @Test
    void unknownAddressesGetTheSameAnswerAndNoMailButPendingOnesDo() {
        Db db = new Db(dataSource);
        String known = Accounts.newActive(db);
        String unknown = TestData.uniqueEmail();
        String pending = TestData.uniqueEmail();
        Accounts.register(pending, TestData.GOOD_PASSWORD);

        ExtractableResponse<Response> forKnown = requestReset(known);
        ExtractableResponse<Response> forUnknown = requestReset(unknown);
        ExtractableResponse<Response> forPending = requestReset(pending);

        assertEquals(202, forUnknown.statusCode());
        assertEquals(forKnown.statusCode(), forUnknown.statusCode());
        assertEquals(forKnown.asString(), forUnknown.asString());
        assertEquals(forKnown.asString(), forPending.asString());
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'PASSWORD_RESET'", known));
        assertEquals(0, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'PASSWORD_RESET'", unknown));
        // A reset proves the mailbox and activates a pending account (PreAccountHijackingTest).
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'PASSWORD_RESET'", pending));
    }

    @Test
    void theTokenIsStoredHashedAndExpiresAfter30Minutes() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        requestReset(email);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, SUBJECT, 1).get(0));

        assertEquals(1, db.count("""
                SELECT count(*) FROM password_resets
                WHERE token_hash = ? AND expires_at - created_at = interval '30 minutes' AND used_at IS NULL
                """, SecureTokens.hash(token)));
        assertEquals(0, db.count("SELECT count(*) FROM password_resets WHERE token_hash = ?", token));

        db.update("UPDATE password_resets SET created_at = created_at - interval '31 minutes', "
                + "expires_at = expires_at - interval '31 minutes' WHERE token_hash = ?", SecureTokens.hash(token));
        assertEquals("/problems/reset-token-invalid", confirm(token, NEW_PASSWORD).path("type"));
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
    }

    @Test
    void aNewRequestReplacesTheEarlierLink() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        requestReset(email);
        String first = Mailbox.tokenIn(Mailbox.await(smtp, email, SUBJECT, 1).get(0));
        requestReset(email);
        List<MimeMessage> mails = Mailbox.await(smtp, email, SUBJECT, 2);
        String second = Mailbox.tokenIn(mails.get(1));

        assertEquals(400, confirm(first, NEW_PASSWORD).statusCode());
        assertEquals(204, confirm(second, NEW_PASSWORD).statusCode());
    }

    @Test
    void aRefusedNewPasswordLeavesTheTokenUsable() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        requestReset(email);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, SUBJECT, 1).get(0));

        given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", "short"))
                .when().post(PATH + "/confirmation")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"))
                .body("errors.field", hasItem("newPassword"));
        assertEquals(204, confirm(token, NEW_PASSWORD).statusCode());
    }

    @Test
    void unknownTokensAndMalformedRequestsAreProblems() {
        ExtractableResponse<Response> unknown = confirm(SecureTokens.issue().token(), NEW_PASSWORD);
        assertEquals(400, unknown.statusCode());
        assertEquals("/problems/reset-token-invalid", unknown.path("type"));
        given().contentType(ContentType.JSON).body("{}")
                .when().post(PATH + "/confirmation")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("token"));
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email"))
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("email"));
    }

    /** One token, ten concurrent confirmations with different passwords: exactly one wins, and its password holds. */
    @Test
    void concurrentConfirmationsOfOneTokenSucceedExactlyOnce() throws Exception {
        Db db = new Db(dataSource);
        // One confirmation first, alone: the first use of this path loads classes, and class loading holds
        // a monitor that pins a virtual thread when ten of them arrive at once (@ShouldNotPin).
        String warmUp = Accounts.newActive(db);
        assertEquals(202, requestReset(warmUp).statusCode());
        assertEquals(204, confirm(Mailbox.tokenIn(Mailbox.await(smtp, warmUp, SUBJECT, 1).get(0)), NEW_PASSWORD).statusCode());
        String email = Accounts.newActive(db);
        assertEquals(202, requestReset(email).statusCode());
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, SUBJECT, 1).get(0));

        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String password = NEW_PASSWORD + "-" + i;
                attempts.add(() -> confirm(token, password).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        int winner = -1;
        for (int i = 0; i < 10; i++) {
            // Nine of these logins fail: clear the lockout they build up, or it hides a late winner.
            Accounts.clearLockout(db, email);
            if (Accounts.login(email, NEW_PASSWORD + "-" + i).statusCode() == 200) {
                winner = i;
            }
        }
        assertTrue(winner >= 0, "the winning request's password is the account's");
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'PASSWORD_RESET'
                """, email));
    }
}
