package dev.accounts.mail;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.TestData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * An SMTP server that refuses every recipient (quoting the address, as real servers do): mail whose token
 * expires is given up at its expiry with its payload erased, mail without a token after
 * accounts.mail.max-attempts, and neither the outbox nor the log ever holds the recipient's address in
 * an error.
 */
@QuarkusTest
@TestProfile(OutboxExpiryTest.ShortLived.class)
@WithTestResource(OutboxExpiryTest.RefusingSmtp.class)
class OutboxExpiryTest extends ApiTest {

    private static final int MAX_ATTEMPTS = 6;

    @Inject
    DataSource dataSource;

    @Test
    void mailWithAnExpiredTokenIsGivenUpAndItsTokenErased() {
        Db db = new Db(dataSource);
        String email = TestData.uniqueEmail();
        Accounts.register(email, TestData.GOOD_PASSWORD);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> db.string(
                "SELECT dead_at::text FROM mail_outbox WHERE recipient = ? AND template = 'ACTIVATION'", email) != null);
        assertNull(db.string("SELECT payload::text FROM mail_outbox WHERE recipient = ?", email),
                "the link with its token is erased");
        assertNull(db.string("SELECT sent_at::text FROM mail_outbox WHERE recipient = ?", email));
        assertTrue(db.string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email).startsWith("expired"));
        assertTrue(db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND dead_at >= expires_at", email) == 1);
        long attempts = db.count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email);
        assertTrue(attempts >= 1 && attempts < MAX_ATTEMPTS, "given up for its expiry, not its attempts: " + attempts);
        // And never tried again.
        sleep(Duration.ofSeconds(3));
        assertEquals(attempts, db.count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email));
    }

    @Test
    void aResetMailIsGivenUpAtItsTokensExpiryToo() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/password-resets").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> db.string(
                "SELECT dead_at::text FROM mail_outbox WHERE recipient = ? AND template = 'PASSWORD_RESET'", email) != null);
        assertNull(db.string("SELECT payload::text FROM mail_outbox WHERE recipient = ? AND template = 'PASSWORD_RESET'", email));
    }

    @Test
    void mailWithoutATokenIsGivenUpAfterMaxAttemptsAndNoErrorNamesTheRecipient() throws IOException {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        // A second registration of a taken address: an "already registered" notice, which carries no token.
        Accounts.register(email, TestData.GOOD_PASSWORD);

        // Three minutes: on a loaded machine one attempt may sit out the mailer's 60 s timeout before the others.
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> db.string(
                "SELECT dead_at::text FROM mail_outbox WHERE recipient = ? AND template = 'ALREADY_REGISTERED'", email) != null);
        assertEquals(MAX_ATTEMPTS, db.count(
                "SELECT attempts FROM mail_outbox WHERE recipient = ? AND template = 'ALREADY_REGISTERED'", email));
        String error = db.string("SELECT last_error FROM mail_outbox WHERE recipient = ? AND template = 'ALREADY_REGISTERED'", email);
        assertNotNull(error);
        assertTrue(error.contains("550"), "the server's reply is kept: " + error);
        assertFalse(error.toLowerCase(Locale.ROOT).contains(email.toLowerCase(Locale.ROOT)), error);

        String log = Files.readString(Path.of("target", "quarkus-test.log"));
        assertTrue(log.contains("Recipient address rejected"), "the refusals were logged");
        assertFalse(log.toLowerCase(Locale.ROOT).contains(email.toLowerCase(Locale.ROOT)), "the log names the recipient");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.registration.activation-token-ttl", "2S",
                    "accounts.password-reset.token-ttl", "2S",
                    "accounts.mail.max-attempts", String.valueOf(MAX_ATTEMPTS),
                    "accounts.mail.retry-initial-delay", "100ms",
                    "accounts.mail.retry-max-delay", "200ms",
                    "accounts.mail.poll-interval", "1s");
        }
    }

    /** A minimal SMTP server that accepts the session and refuses every RCPT, quoting the address. */
    public static class RefusingSmtp implements QuarkusTestResourceLifecycleManager {

        private ServerSocket server;

        @Override
        public Map<String, String> start() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofPlatform().daemon().name("refusing-smtp").start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofPlatform().daemon().start(() -> converse(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(server.getLocalPort()));
        }

        private static void converse(Socket socket) {
            try (socket;
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = socket.getOutputStream()) {
                reply(out, "220 refusing.test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    switch (command) {
                        case "EHLO", "HELO" -> reply(out, "250 refusing.test");
                        case "MAIL", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                        case "RCPT" -> reply(out, "550 5.1.1 " + line.substring(line.indexOf(':') + 1).strip()
                                + ": Recipient address rejected: User unknown in virtual mailbox table");
                        case "QUIT" -> {
                            reply(out, "221 2.0.0 Bye");
                            return;
                        }
                        default -> reply(out, "502 5.5.2 Error: command not recognized");
                    }
                }
            } catch (IOException e) {
                // The client went away.
            }
        }

        private static void reply(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}
