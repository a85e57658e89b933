package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.accounts.security.SecureTokens;
import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestClock;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * Issue 11, item 2: the lock mail carries a single-use link that lifts every lock of the account (nobody
 * can lock a person out of their own account), and one account gets at most one lock mail an hour
 * however many locks start (here with the production cooldown, which %test turns off).
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@TestProfile(UnlockLinkTest.WithLockMailCooldown.class)
class UnlockLinkTest extends ApiTest {

    private static final String WRONG = "not-the-Password-123";
    private static final String LOCKED_SUBJECT = "Your account is locked for a while";
    private static final String UNLOCK = "/api/v1/auth/unlock";
    private static final String CSRF_COOKIE = "accounts-csrf";

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theLockMailsLinkLiftsEveryLockOnceAndIsStoredOnlyHashed() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        lock(email);
        MimeMessage mail = Mailbox.await(smtp, email, LOCKED_SUBJECT, 1).get(0);
        assertTrue(GreenMailUtil.getBody(mail).contains("http://localhost:8080/unlock?token="), "link from the template");
        String token = Mailbox.tokenIn(mail);
        assertEquals(43, token.length(), "256 bits, base64url");
        assertEquals(1, db.count("""
                SELECT count(*) FROM unlock_tokens t JOIN users u ON u.id = t.user_id
                WHERE u.email = ? AND t.token_hash = ? AND t.expires_at > now() + interval '23 hours'
                """, email, SecureTokens.hash(token)));
        assertEquals(0, db.count("SELECT count(*) FROM unlock_tokens WHERE token_hash = ?", token), "never the token itself");
        // Locked everywhere too (as if the account-wide ceiling had been reached).
        db.update("UPDATE users SET failed_login_count = 100, locked_until = now() + interval '1 hour' WHERE email = ?", email);
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "locked");

        unlock(token).statusCode(204);
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "the link lifted every lock");
        assertNull(db.string("SELECT locked_until FROM users WHERE email = ?", email));
        assertEquals(0, db.count("SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id WHERE u.email = ?",
                email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'ACCOUNT_UNLOCKED'
                """, email));

        unlock(token).statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/unlock-token-invalid"));
        unlock(SecureTokens.issue().token()).statusCode(400).body("type", endsWith("/unlock-token-invalid"));
        given().contentType(ContentType.JSON).body("{}").when().post(UNLOCK).then().statusCode(400);
    }

    @Test
    void anExpiredLinkLiftsNothing() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        lock(email);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, LOCKED_SUBJECT, 1).get(0));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        db.update("UPDATE login_failures SET locked_until = now() + interval '25 hours' "
                + "WHERE user_id = (SELECT id FROM users WHERE email = ?)", email);

        unlock(token).statusCode(400).body("type", endsWith("/unlock-token-invalid"));
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
    }

    @Test
    void thePageShowsAButtonAndOnlyItsFormUnlocks() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        lock(email);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, LOCKED_SUBJECT, 1).get(0));

        ExtractableResponse<Response> page = given().when().get("/unlock?token=" + token).then().statusCode(200)
                .contentType(startsWith("text/html")).header("Cache-Control", "no-store")
                .body(containsString("Unlock my account")).extract();
        given().when().get("/unlock?token=" + token).then().statusCode(200);
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode(), "a GET (a mail scanner) unlocked");
        String csrf = page.cookie(CSRF_COOKIE);
        assertEquals(csrf, page.htmlPath().getString("**.find { it.@name == 'csrf' }.@value"));

        form(null, Map.of("token", token, "csrf", csrf)).statusCode(403);
        form(csrf, Map.of("token", token, "csrf", csrf)).statusCode(200).body(containsString("Your account is unlocked"));
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        form(csrf, Map.of("token", token, "csrf", csrf)).statusCode(400).body(containsString("This unlock link does not work"));
    }

    @Test
    void aPasswordResetLiftsTheClientsLockAsTheMailSays() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        lock(email);
        given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/password-resets").then().statusCode(202);
        String reset = Mailbox.tokenIn(Mailbox.await(smtp, email, "Reset your password", 1).get(0));
        String chosen = "amber-Lantern-882-fjord";
        given().contentType(ContentType.JSON).body(Map.of("token", reset, "newPassword", chosen))
                .when().post("/api/v1/password-resets/confirmation").then().statusCode(204);
        assertEquals(200, Accounts.login(email, chosen).statusCode(), "the reset lifted this client's lock");
    }

    @Test
    void locksFromManyClientsOrInARowSendOneMailAnHour() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        lock(email);
        String first = Mailbox.tokenIn(Mailbox.await(smtp, email, LOCKED_SUBJECT, 1).get(0));
        // Another lock starts a minute later (the first has ended): counted and audited, but no second mail.
        clock.advance(Duration.ofSeconds(61));
        assertEquals(401, Accounts.login(email, WRONG).statusCode());
        assertEquals(2, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'ACCOUNT_LOCKED'
                """, email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM mail_outbox m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.template = 'ACCOUNT_LOCKED'
                """, email), "one lock mail an hour");
        // The first mail's link lifts the second lock too.
        unlock(first).statusCode(204);
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());

        // An hour on, a new lock gets a new mail with a new link.
        clock.advance(Duration.ofMinutes(61));
        lock(email);
        List<MimeMessage> mails = Mailbox.await(smtp, email, LOCKED_SUBJECT, 2);
        assertNotEquals(first, Mailbox.tokenIn(mails.get(1)), "a new link");
    }

    private static void lock(String email) {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, Accounts.login(email, WRONG).statusCode());
        }
    }

    private static ValidatableResponse unlock(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).when().post(UNLOCK).then();
    }

    private static ValidatableResponse form(String csrfCookie, Map<String, String> fields) {
        RequestSpecification request = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(fields).redirects().follow(false);
        if (csrfCookie != null) {
            request.cookie(CSRF_COOKIE, csrfCookie);
        }
        return request.when().post("/unlock").then();
    }

    public static class WithLockMailCooldown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.lockout.mail-cooldown", "1H");
        }
    }
}
