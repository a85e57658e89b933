package dev.accounts.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.accounts.support.AppProcess;
import dev.accounts.support.Db;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;

/**
 * The packaged application in the prod profile refuses to start with a public address that is not HTTPS or
 * names this machine, or without the audit erasure key, and says what to set; with an HTTPS address it
 * starts, and speaks to an SMTP server only over STARTTLS.
 */
@Tag(Tags.OPS)
class ProdStartupChecksIT {

    private Map<String, String> settings;

    @BeforeEach
    void settings() {
        Assumptions.assumeTrue(TestDatabase.configured(), "needs a configured PostgreSQL for the launched process");
        settings = AppProcess.baseSettings(TestDatabase.url(), AppProcess.freePort());
        settings.remove("ACCOUNTS_INSECURE_PUBLIC_BASE_URL_ALLOWED");
        settings.remove("QUARKUS_MAILER_START_TLS");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void refusesALocalhostOrPlainHttpPublicAddress() throws Exception {
        for (String url : new String[] { "http://localhost:8080", "https://localhost", "https://127.0.0.1:8443",
                "http://accounts.example.com" }) {
            settings.put("ACCOUNTS_PUBLIC_BASE_URL", url);
            try (AppProcess app = AppProcess.start("prod-insecure-base-url", settings)) {
                assertNotEquals(0, app.awaitExit(Duration.ofSeconds(150)), url + ": the process exits with an error");
                assertTrue(app.log().contains("accounts.public-base-url"), app.log());
                assertTrue(app.log().contains("ACCOUNTS_PUBLIC_BASE_URL"), "the message names what to set");
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void refusesToStartWithoutAnErasureKey() throws Exception {
        settings.put("ACCOUNTS_PUBLIC_BASE_URL", "https://accounts.example.com");
        settings.remove("ACCOUNTS_AUDIT_ERASURE_KEY");
        try (AppProcess app = AppProcess.start("prod-without-erasure-key", settings)) {
            assertNotEquals(0, app.awaitExit(Duration.ofSeconds(150)));
            assertTrue(app.log().contains("No audit erasure key is configured"), app.log());
            assertTrue(app.log().contains("ACCOUNTS_AUDIT_ERASURE_KEY"), "the message names what to set");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startsWithAnHttpsAddressAndSendsNoMailWithoutStartTls() throws Exception {
        GreenMail plainSmtp = new GreenMail(new ServerSetup(AppProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        plainSmtp.start();
        try {
            settings.put("ACCOUNTS_PUBLIC_BASE_URL", "https://accounts.example.com");
            settings.put("QUARKUS_MAILER_PORT", String.valueOf(plainSmtp.getSmtp().getPort()));
            try (AppProcess app = AppProcess.start("prod-https-base-url", settings)) {
                app.awaitReady(Duration.ofSeconds(150));
                String email = TestData.uniqueEmail();
                HttpResponse<Void> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.publicUri("/api/v1/registrations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\""
                                + TestData.GOOD_PASSWORD + "\"}"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(202, registered.statusCode());
                Db db = new Db(TestDatabase.dataSource());
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> db.string(
                        "SELECT last_error FROM mail_outbox WHERE recipient = ?", email) != null);
                String error = db.string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email);
                assertNotNull(error);
                assertTrue(error.toUpperCase().contains("TLS"), "refused for want of STARTTLS: " + error);
                assertEquals(0, plainSmtp.getReceivedMessages().length, "nothing went out in clear text");
            }
        } finally {
            plainSmtp.stop();
        }
    }
}
