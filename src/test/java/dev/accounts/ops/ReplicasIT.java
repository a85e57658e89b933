package dev.accounts.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.accounts.support.AppProcess;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Three replicas of the packaged application started at the same moment on an empty database: exactly
 * one migrates (Liquibase's lock), all three become ready, and their outbox senders, polling the same
 * table, send every mail once.
 */
@Tag(Tags.OPS)
class ReplicasIT {

    private static final Logger LOG = Logger.getLogger(ReplicasIT.class);
    private static final int REPLICAS = 3;
    private static final int MAILS = 15;
    private static final String BOOTSTRAP_ADMIN = "first-admin@example.com";
    private static final Pattern CHANGESET = Pattern.compile("^--changeset accounts:(\\S+)", Pattern.MULTILINE);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void threeReplicasOnAnEmptyDatabaseMigrateOnceAndSendEachMailOnce() throws Exception {
        Assumptions.assumeTrue(TestDatabase.configured(), "needs a configured PostgreSQL to create a database on");
        String database = "accounts_ops_replicas_" + UUID.randomUUID().toString().substring(0, 8);
        GreenMail smtp = new GreenMail(new ServerSetup(AppProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        List<AppProcess> replicas = new ArrayList<>();
        TestDatabase.create(database);
        smtp.start();
        try {
            String url = TestDatabase.url(TestDatabase.server().getHost(), TestDatabase.server().getPort(), database);
            for (int i = 1; i <= REPLICAS; i++) {
                Map<String, String> settings = AppProcess.baseSettings(url, smtp.getSmtp().getPort());
                settings.put("ACCOUNTS_MAIL_POLL_INTERVAL", "1s");
                settings.put("QUARKUS_SHUTDOWN_DELAY", "0S");
                settings.put("ACCOUNTS_BOOTSTRAP_ADMIN_EMAIL", BOOTSTRAP_ADMIN);
                settings.put("ACCOUNTS_BOOTSTRAP_ADMIN_PASSWORD", "bootstrap-Admin-pass-42");
                replicas.add(AppProcess.start("replica-" + i, settings));
            }
            long started = System.nanoTime();
            for (AppProcess replica : replicas) {
                replica.awaitReady(Duration.ofSeconds(150));
            }
            LOG.infof("%d replicas ready %d ms after starting together", REPLICAS,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());

            assertMigratedOnce(TestDatabase.dataSource(database));
            assertOneBootstrapAdmin(TestDatabase.dataSource(database));
            assertEachMailSentOnce(replicas, smtp);
        } finally {
            for (AppProcess replica : replicas) {
                replica.close();
            }
            smtp.stop();
            TestDatabase.drop(database);
        }
    }

    /** Three replicas told to bootstrap the same administrator made exactly one, active. */
    private static void assertOneBootstrapAdmin(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT count(*), count(*) FILTER (WHERE u.email = '%s' AND u.status = 'ACTIVE')
                        FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin'
                        """.formatted(BOOTSTRAP_ADMIN))) {
            rs.next();
            assertEquals(1, rs.getInt(1), "one administrator");
            assertEquals(1, rs.getInt(2), "the configured one, active");
        }
    }

    private static void assertMigratedOnce(DataSource dataSource) throws SQLException, IOException {
        Set<String> expected = changeSetIds();
        List<String> ran = new ArrayList<>();
        Set<String> deployments = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT id, deployment_id FROM databasechangelog")) {
                while (rs.next()) {
                    ran.add(rs.getString(1));
                    deployments.add(rs.getString(2));
                }
            }
            // The migration lock is a PostgreSQL session advisory lock (liquibase-sessionlock): none is left.
            try (ResultSet rs = statement.executeQuery("""
                    SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                    WHERE l.locktype = 'advisory' AND d.datname = current_database()
                    """)) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the migration lock is released");
            }
        }
        assertEquals(expected.size(), ran.size(), "each changeset ran once: " + ran);
        assertEquals(expected, new TreeSet<>(ran));
        // One Liquibase run stamps every changeset it applies with the same deployment id.
        assertEquals(1, deployments.size(), "a single replica applied them all: " + deployments);
    }

    private static void assertEachMailSentOnce(List<AppProcess> replicas, GreenMail smtp) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < MAILS; i++) {
            String email = TestData.uniqueEmail();
            recipients.add(email);
            AppProcess replica = replicas.get(i % replicas.size());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(replica.uri("/api/v1/registrations"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            TestData.registration(email, TestData.GOOD_PASSWORD))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> smtp.getReceivedMessages().length >= MAILS);
        // Several more polls of every replica: nothing is sent a second time.
        Thread.sleep(3000);
        Map<String, Long> received = Arrays.stream(smtp.getReceivedMessages())
                .map(ReplicasIT::recipient)
                .collect(Collectors.groupingBy(Function.identity(), HashMap::new, Collectors.counting()));
        for (String email : recipients) {
            assertEquals(1L, received.getOrDefault(email.toLowerCase(), 0L), "one activation mail for " + email);
        }
        assertEquals(MAILS, smtp.getReceivedMessages().length, "no other mail");
        for (AppProcess replica : replicas) {
            assertTrue(replica.isAlive(), replica.name() + " still running");
            assertFalse(replica.log().contains("\"level\":\"ERROR\""), replica.name() + " logged no error");
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString().toLowerCase();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The changeset ids of the changelog, as Liquibase should record them: once each. */
    private static Set<String> changeSetIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "changelog", "changes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher matcher = CHANGESET.matcher(Files.readString(file));
                while (matcher.find()) {
                    ids.add(matcher.group(1));
                }
            }
        }
        assertFalse(ids.isEmpty(), "changesets found");
        return ids;
    }
}
