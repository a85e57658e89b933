package dev.accounts.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * Pre-account hijacking (issue 11, item 3): someone registers a victim's address with a password of their
 * own. Whatever mail the victim then uses (the original one, a resent one, a password reset), the account
 * they activate must never open with the squatter's password.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class PreAccountHijackingTest extends ApiTest {

    private static final String ACTIVATE = "/api/v1/registrations/activation";
    private static final String SQUATTER_PASSWORD = "squatter-Chose-This-4711";
    private static final String VICTIM_PASSWORD = "victim-Owns-The-Mailbox-0815";

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @Inject
    DataSource dataSource;

    @Test
    void theVictimWhoAsksForANewMailActivatesWithTheirOwnPasswordNeverTheSquatters() {
        String victim = TestData.uniqueEmail();
        register(victim, SQUATTER_PASSWORD, "Mallory");
        Mailbox.await(smtp, victim, "Activate your account", 1);

        // "Ask for a new activation mail": the victim does, and follows the resent link.
        given().contentType(ContentType.JSON).body(Map.of("email", victim))
                .when().post("/api/v1/registrations/activation-requests").then().statusCode(202);
        String resent = Mailbox.tokenIn(Mailbox.await(smtp, victim, "Activate your account", 2).get(1));

        // Without a password the token activates nothing (and is not spent).
        given().contentType(ContentType.JSON).body(Map.of("token", resent))
                .when().post(ACTIVATE).then().statusCode(400).body("errors.field", hasItem("password"));
        assertEquals("PENDING", status(victim));

        activate(resent, VICTIM_PASSWORD).statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(401, Accounts.login(victim, SQUATTER_PASSWORD).statusCode(), "the squatter's password opened it");
        assertEquals(200, Accounts.login(victim, VICTIM_PASSWORD).statusCode());
    }

    @Test
    void theOriginalMailOfASquattersRegistrationDoesNotActivateTheSquattersPasswordEither() {
        String victim = TestData.uniqueEmail();
        register(victim, SQUATTER_PASSWORD, null);
        // The victim receives the squatter's registration mail too, and clicks it.
        String original = Mailbox.tokenIn(Mailbox.await(smtp, victim, "Activate your account", 1).get(0));

        activate(original, VICTIM_PASSWORD).statusCode(200);
        assertEquals(401, Accounts.login(victim, SQUATTER_PASSWORD).statusCode(), "the squatter's password opened it");
        assertEquals(200, Accounts.login(victim, VICTIM_PASSWORD).statusCode());
    }

    @Test
    void activationRefusesAPasswordTheRulesRefuseAndKeepsTheToken() {
        String email = TestData.uniqueEmail();
        register(email, TestData.GOOD_PASSWORD, null);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0));

        activate(token, "short").statusCode(400).body("errors.field", hasItem("password"));
        activate(token, email.substring(0, email.indexOf('@')) + "-and-more-words").statusCode(400)
                .body("errors.field", hasItem("password"));
        assertEquals("PENDING", status(email));
        // The registrant retypes the password registered with: that works, once.
        activate(token, TestData.GOOD_PASSWORD).statusCode(200);
        activate(token, TestData.GOOD_PASSWORD).statusCode(400).body("type", endsWith("/activation-token-invalid"));
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
    }

    @Test
    void registeringAPendingAddressAgainReplacesItsPasswordNameAndToken() {
        String email = TestData.uniqueEmail();
        Db db = new Db(dataSource);
        String first = register(email, SQUATTER_PASSWORD, "Mallory");
        String firstToken = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0));
        String firstHash = db.string("SELECT password_hash FROM users WHERE email = ?", email);

        String second = register(email, VICTIM_PASSWORD, "Ada");
        assertEquals(first, second, "the answer tells nothing");
        List<MimeMessage> mails = Mailbox.await(smtp, email, "Activate your account", 2);
        String secondToken = Mailbox.tokenIn(mails.get(1));
        assertEquals(0, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'ALREADY_REGISTERED'",
                email), "a pending address is started over, not treated as taken");

        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = ?", email));
        assertNotEquals(firstHash, db.string("SELECT password_hash FROM users WHERE email = ?", email),
                "the pending password was replaced");
        assertEquals("Ada", db.string("SELECT display_name FROM users WHERE email = ?", email));
        activate(firstToken, VICTIM_PASSWORD).statusCode(400).body("type", endsWith("/activation-token-invalid"));
        activate(secondToken, VICTIM_PASSWORD).statusCode(200).body("displayName", equalTo("Ada"));
        assertEquals(401, Accounts.login(email, SQUATTER_PASSWORD).statusCode());
        assertEquals(200, Accounts.login(email, VICTIM_PASSWORD).statusCode());
    }

    @Test
    void anExpiredPendingAddressCanBeRegisteredAfresh() {
        String email = TestData.uniqueEmail();
        Db db = new Db(dataSource);
        register(email, SQUATTER_PASSWORD, null);
        String expired = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0));
        db.update("""
                UPDATE registrations SET activation_token_expires_at = now() - interval '1 hour'
                WHERE user_id = (SELECT id FROM users WHERE email = ?)
                """, email);
        activate(expired, VICTIM_PASSWORD).statusCode(400).body("type", endsWith("/activation-token-invalid"));

        register(email, VICTIM_PASSWORD, null);
        String fresh = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 2).get(1));
        activate(fresh, VICTIM_PASSWORD).statusCode(200);
        assertEquals(200, Accounts.login(email, VICTIM_PASSWORD).statusCode());
    }

    @Test
    void aPasswordResetOfAPendingAccountProvesTheMailboxAndActivatesIt() {
        String victim = TestData.uniqueEmail();
        Db db = new Db(dataSource);
        register(victim, SQUATTER_PASSWORD, null);
        String activationToken = Mailbox.tokenIn(Mailbox.await(smtp, victim, "Activate your account", 1).get(0));

        given().contentType(ContentType.JSON).body(Map.of("email", victim))
                .when().post("/api/v1/password-resets").then().statusCode(202);
        String resetToken = Mailbox.tokenIn(Mailbox.await(smtp, victim, "Reset your password", 1).get(0));
        given().contentType(ContentType.JSON).body(Map.of("token", resetToken, "newPassword", VICTIM_PASSWORD))
                .when().post("/api/v1/password-resets/confirmation").then().statusCode(204);

        assertEquals("ACTIVE", status(victim));
        assertEquals(1, db.count("""
                SELECT count(*) FROM registrations r JOIN users u ON u.id = r.user_id
                WHERE u.email = ? AND r.activated_at IS NOT NULL AND r.activation_token_hash IS NULL
                """, victim));
        assertEquals(401, Accounts.login(victim, SQUATTER_PASSWORD).statusCode());
        assertEquals(200, Accounts.login(victim, VICTIM_PASSWORD).statusCode());
        // The activation link died with the reset.
        activate(activationToken, SQUATTER_PASSWORD).statusCode(400).body("type", endsWith("/activation-token-invalid"));
        assertEquals(200, Accounts.login(victim, VICTIM_PASSWORD).statusCode());
    }

    private String register(String email, String password, String displayName) {
        Map<String, Object> body = new HashMap<>(TestData.registration(email, password));
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/registrations").then().statusCode(202).extract().asString();
    }

    private static ValidatableResponse activate(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .when().post(ACTIVATE).then();
    }

    private String status(String email) {
        return new Db(dataSource).string("SELECT status FROM users WHERE email = ?", email);
    }
}
