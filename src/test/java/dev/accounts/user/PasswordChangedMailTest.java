package dev.accounts.user;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

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
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/** The owner is told of every password change and reset, with where to ask for a reset link. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class PasswordChangedMailTest extends ApiTest {

    private static final String SUBJECT = "Your password was changed";
    private static final String NEW_PASSWORD = "copper-Lantern-829-meadow";

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "accounts.public-base-url")
    String baseUrl;

    @Test
    void aPasswordChangeIsMailedToTheOwnerWithTheResetPage() {
        String email = Accounts.newActive(new Db(dataSource));
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", NEW_PASSWORD))
                .when().put("/api/v1/users/me/password").then().statusCode(204);

        String body = GreenMailUtil.getBody(Mailbox.await(smtp, email, SUBJECT, 1).get(0)).replace("=\r\n", "");
        assertTrue(body.contains("signed in to the account"), body);
        assertTrue(body.contains(baseUrl + "/reset-password"), body);
        assertFalse(body.contains("token="), "the notice carries no token");
    }

    @Test
    void aResetIsMailedToo() {
        String email = Accounts.newActive(new Db(dataSource));
        given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/password-resets").then().statusCode(202);
        String resetToken = Mailbox.tokenIn(Mailbox.await(smtp, email, "Reset your password", 1).get(0));
        given().contentType(ContentType.JSON).body(Map.of("token", resetToken, "newPassword", NEW_PASSWORD))
                .when().post("/api/v1/password-resets/confirmation").then().statusCode(204);

        List<MimeMessage> notices = Mailbox.await(smtp, email, SUBJECT, 1);
        assertEquals(1, notices.size());
        String body = GreenMailUtil.getBody(notices.get(0)).replace("=\r\n", "");
        assertTrue(body.contains("reset link"), body);
        assertTrue(body.contains(baseUrl + "/reset-password"), body);
    }

    @Test
    void aRefusedChangeSendsNothing() throws InterruptedException {
        String email = Accounts.newActive(new Db(dataSource));
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not-the-password-at-all", "newPassword", NEW_PASSWORD))
                .when().put("/api/v1/users/me/password").then().statusCode(400);
        Mailbox.await(smtp, email, "Activate your account", 1);
        Thread.sleep(2000);
        assertTrue(Mailbox.to(smtp, email).stream().noneMatch(m -> SUBJECT.equals(Mailbox.subjectOf(m))));
    }
}
