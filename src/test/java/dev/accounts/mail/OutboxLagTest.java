package dev.accounts.mail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** accounts_mail_outbox_lag_seconds follows the oldest unsent mail, and falls when it is sent. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class OutboxLagTest {

    private static final Pattern LAG = Pattern.compile("(?m)^accounts_mail_outbox_lag_seconds (\\S+)$");
    /**
     * Older than anything other tests leave unsent (the lag is at least this while the row waits), and younger
     * than accounts.mail.max-age (3 days), after which the sender gives the mail up.
     */
    private static final Duration AGE = Duration.ofDays(2);

    @Inject
    DataSource dataSource;

    @Inject
    OutboxLag outboxLag;

    private Db db;
    private long mailId;

    @BeforeEach
    void queueAnOldMailThatIsNotDueYet() {
        db = new Db(dataSource);
        Instant now = Instant.now();
        // Waiting for a retry a year away, as after many failed sends: the sender leaves it alone.
        mailId = Long.parseLong(db.string("INSERT INTO mail_outbox (user_id, recipient, template, created_at, next_attempt_at) "
                + "VALUES (NULL, 'lag@example.com', 'ACTIVATION', ?, ?) RETURNING id",
                Timestamp.from(now.minus(AGE)), Timestamp.from(now.plus(Duration.ofDays(365)))));
    }

    @AfterEach
    void removeIt() {
        db.update("DELETE FROM mail_outbox WHERE id = ?", mailId);
    }

    @Test
    void lagIsTheAgeOfTheOldestUnsentMail() {
        long lag = outboxLag.currentLag();
        assertTrue(lag >= AGE.toSeconds() && lag < AGE.toSeconds() + 120, "lag " + lag);

        db.update("UPDATE mail_outbox SET sent_at = now() WHERE id = ?", mailId);
        assertTrue(outboxLag.currentLag() < AGE.toSeconds(), "the sent mail no longer counts");
    }

    @Test
    void lagIsPublishedOnTheManagementPort() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            double published = publishedLag();
            assertTrue(published >= AGE.toSeconds(), "published lag " + published);
        });
        db.update("UPDATE mail_outbox SET sent_at = now() WHERE id = ?", mailId);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertTrue(publishedLag() < AGE.toSeconds()));
    }

    private static double publishedLag() {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = LAG.matcher(metrics);
        assertTrue(matcher.find(), "accounts_mail_outbox_lag_seconds is published");
        return Double.parseDouble(matcher.group(1));
    }

}
