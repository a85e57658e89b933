package dev.accounts.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.accounts.support.AppProcess;
import dev.accounts.support.Db;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;

/**
 * The packaged application in the prod profile refuses to start with a public address that is not HTTPS or
 * names this machine, or without the audit erasure key, and says what to set; with an HTTPS address it
 * starts, and sends no mail to an SMTP server without STARTTLS.
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

    /**
     * Production requires STARTTLS: a server that does not offer it (or a man in the middle who strips the
     * offer) gets no mail, where the default (OPTIONAL) would send it in clear text.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startsWithAnHttpsAddressAndSendsNoMailWithoutStartTls() throws Exception {
        // A database of its own: no other application under test may send this process's mail meanwhile.
        String database = "accounts_ops_starttls_" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.create(database);
        settings.put("QUARKUS_DATASOURCE_JDBC_URL",
                TestDatabase.url(TestDatabase.server().getHost(), TestDatabase.server().getPort(), database));
        try (ServerSocket smtp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicBoolean mailCommandSeen = new AtomicBoolean();
            AtomicBoolean startTlsAsked = new AtomicBoolean();
            Thread.ofPlatform().daemon().start(() -> serveWithoutStartTls(smtp, startTlsAsked, mailCommandSeen));
            settings.put("ACCOUNTS_PUBLIC_BASE_URL", "https://accounts.example.com");
            settings.put("QUARKUS_MAILER_PORT", String.valueOf(smtp.getLocalPort()));
            try (AppProcess app = AppProcess.start("prod-https-base-url", settings)) {
                app.awaitReady(Duration.ofSeconds(150));
                String email = TestData.uniqueEmail();
                HttpResponse<Void> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.publicUri("/api/v1/registrations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\""
                                + TestData.GOOD_PASSWORD + "\"}"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(202, registered.statusCode());
                Db db = new Db(TestDatabase.dataSource(database));
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> db.string(
                        "SELECT last_error FROM mail_outbox WHERE recipient = ?", email) != null);
                String error = db.string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email);
                assertNotNull(error);
                assertTrue(error.contains("STARTTLS required"), "refused for want of STARTTLS: " + error);
                assertFalse(startTlsAsked.get(), "not offered, not asked");
                assertFalse(mailCommandSeen.get(), "nothing went out in clear text");
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    /** A plain SMTP server: no STARTTLS in its EHLO answer (454 if asked anyway); notes any MAIL command. */
    private static void serveWithoutStartTls(ServerSocket server, AtomicBoolean startTlsAsked, AtomicBoolean mailCommandSeen) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = socket.getOutputStream()) {
                out.write("220 broken-tls.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    String reply = switch (command) {
                        case "EHLO" -> "250-plain.test\r\n250 8BITMIME";
                        case "HELO" -> "250 broken-tls.test";
                        case "STAR" -> {
                            startTlsAsked.set(true);
                            yield "454 4.7.0 TLS not available due to temporary reason";
                        }
                        case "MAIL" -> {
                            mailCommandSeen.set(true);
                            yield "250 2.0.0 OK";
                        }
                        case "QUIT" -> "221 2.0.0 Bye";
                        default -> "250 2.0.0 OK";
                    };
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (command.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // Next connection.
            }
        }
    }
}
