package dev.accounts.mail;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

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

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class OutboxDeliveryTest {

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @Inject
    DataSource dataSource;

    @Test
    void anSmtpOutageDelaysTheMailAndLosesNone() {
        String email = TestData.uniqueEmail();
        Db db = new Db(dataSource);
        smtp.stop();
        try {
            given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                    .when().post("/api/v1/registrations")
                    .then().statusCode(202);

            // The sender tries, fails, and keeps the mail with the error and a later attempt time.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                    "SELECT attempts FROM mail_outbox WHERE recipient = ?", email) >= 2);
            assertNull(db.string("SELECT sent_at::text FROM mail_outbox WHERE recipient = ?", email));
            assertNotNull(db.string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email));
        } finally {
            smtp.start();
        }

        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> db.string(
                "SELECT sent_at::text FROM mail_outbox WHERE recipient = ?", email) != null);
        assertEquals(1, Mailbox.to(smtp, email).size(), "sent once");
        assertNull(db.string("SELECT payload::text FROM mail_outbox WHERE recipient = ?", email),
                "the link with its token is not kept once the mail has gone");
        assertNull(db.string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email));

        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations/activation")
                .then().statusCode(200);
    }

    @Test
    void theActivationMailHasATextAndAnHtmlPart() throws Exception {
        String email = TestData.uniqueEmail();
        given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations")
                .then().statusCode(202);
        MimeMessage mail = Mailbox.await(smtp, email, "Activate your account", 1).get(0);
        String whole = GreenMailUtil.getWholeMessage(mail);
        assertTrue(mail.getContentType().startsWith("multipart/"), mail.getContentType());
        assertTrue(whole.contains("text/plain") && whole.contains("text/html"), whole);
        // Each part rendered from its own variant of the type-checked template (mail/MailTemplates).
        String unfolded = whole.replace("=\r\n", "").replace("=3D", "=");
        assertTrue(unfolded.contains("To activate your account, open this link:"), "the text variant");
        assertTrue(unfolded.contains(">Activate your account</a>"), "the HTML variant");
        assertTrue(unfolded.contains("expires in 24 hours"), "the link's lifetime in words");
    }
}
