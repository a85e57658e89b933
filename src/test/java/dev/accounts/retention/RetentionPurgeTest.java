package dev.accounts.retention;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The retention purge against the real schema: what has served its purpose goes, nothing still in use
 * does, and several replicas purging at once (concurrent runs on their own connections) neither fail
 * nor delete anything twice or too much.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class RetentionPurgeTest {

    @Inject
    RetentionPurge purge;

    @Inject
    DataSource dataSource;

    private Db db;
    private final Instant now = Instant.now();

    @BeforeEach
    void connect() {
        db = new Db(dataSource);
    }

    @Test
    void removesWhatServedItsPurposeAndKeepsEverythingElse() {
        Fixture f = new Fixture();
        purge.purgeAll();
        f.assertPurged();
    }

    @Test
    void replicasPurgingAtOnceFailNothingAndRemoveOnlyWhatExpired() throws Exception {
        List<Fixture> fixtures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fixtures.add(new Fixture());
        }
        int replicas = 6;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<PurgeKind, Long>>> runs = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Callable<Map<PurgeKind, Long>> run = () -> {
                start.await();
                return purge.purgeAll();
            };
            runs.add(pool.submit(run));
        }
        start.countDown();
        for (Future<Map<PurgeKind, Long>> run : runs) {
            run.get(); // a failure in any replica's run fails the test
        }
        pool.shutdown();
        // Runs that met the lock left the rest to the holder; one more (as the next hour's) finishes.
        purge.purgeAll();
        fixtures.forEach(Fixture::assertPurged);
    }

    @Test
    void usedAndExpiredUnlockLinksGoAndLiveOnesStay() {
        UUID user = user("ACTIVE");
        String insert = "INSERT INTO unlock_tokens (id, token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)";
        UUID used = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        UUID live = UUID.randomUUID();
        db.update(insert, used, hash(), user, ago(Duration.ofHours(2)), Timestamp.from(now.plus(Duration.ofHours(22))),
                ago(Duration.ofHours(1)));
        db.update(insert, expired, hash(), user, ago(Duration.ofHours(30)), ago(Duration.ofHours(6)), null);
        db.update(insert, live, hash(), user, ago(Duration.ofHours(1)), Timestamp.from(now.plus(Duration.ofHours(23))), null);

        purge.purgeAll();
        assertEquals(0, db.count("SELECT count(*) FROM unlock_tokens WHERE id IN (?, ?)", used, expired));
        assertEquals(1, db.count("SELECT count(*) FROM unlock_tokens WHERE id = ?", live));
    }

    @Test
    void sentMailOutlivesTheAlreadyRegisteredNoticeInterval() {
        Instant cutoff = purge.cutoff(PurgeKind.SENT_MAIL, now);
        assertTrue(Duration.between(cutoff, now).compareTo(Duration.ofHours(1)) >= 0);
    }

    @Test
    void eachKindIsCountedInTheMetrics() {
        new Fixture();
        purge.purgeAll();
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("accounts_retention_purged_total{kind=\"refresh_tokens\"}"))
                .body(containsString("accounts_retention_purged_total{kind=\"pending_accounts\"}"))
                .body(containsString("accounts_retention_purged_total{kind=\"audit_events\"}"))
                .body(containsString("accounts_retention_last_success_seconds "));
    }

    /** One of each case, expired and not, for its own users. */
    private final class Fixture {
        final UUID active = user("ACTIVE");
        final UUID pendingLongExpired = user("PENDING");
        final UUID pendingRecentlyExpired = user("PENDING");
        final UUID pendingLive = user("PENDING");
        final UUID expiredFamily = UUID.randomUUID();
        final UUID liveFamily = UUID.randomUUID();
        final UUID usedReset;
        final UUID expiredReset;
        final UUID liveReset;
        final long oldSentMail;
        final long recentSentMail;
        final long oldUnsentMail;
        final long oldAudit;
        final long recentAudit;

        Fixture() {
            // A family whose every token expired, and one whose rotated token expired but newest is live.
            UUID last = token(active, expiredFamily, ago(Duration.ofDays(40)), ago(Duration.ofDays(10)), null);
            token(active, expiredFamily, ago(Duration.ofDays(41)), ago(Duration.ofDays(11)), last);
            UUID live = token(active, liveFamily, ago(Duration.ofDays(1)), now.plus(Duration.ofDays(29)), null);
            token(active, liveFamily, ago(Duration.ofDays(31)), ago(Duration.ofDays(1)), live);

            usedReset = reset(active, ago(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(20)), ago(Duration.ofMinutes(5)));
            expiredReset = reset(active, ago(Duration.ofHours(2)), ago(Duration.ofHours(1)), null);
            liveReset = reset(active, ago(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(20)), null);

            registration(active, ago(Duration.ofDays(2)));
            registration(pendingLongExpired, ago(Duration.ofDays(8)));
            registration(pendingRecentlyExpired, ago(Duration.ofDays(6)));
            registration(pendingLive, now.plus(Duration.ofHours(20)));

            oldSentMail = mail(active, ago(Duration.ofDays(9)), ago(Duration.ofDays(8)));
            recentSentMail = mail(active, ago(Duration.ofDays(2)), ago(Duration.ofDays(1)));
            oldUnsentMail = mail(active, ago(Duration.ofDays(30)), null);

            oldAudit = audit(active, ago(Duration.ofDays(400)));
            recentAudit = audit(active, ago(Duration.ofDays(300)));
        }

        void assertPurged() {
            assertEquals(0, db.count("SELECT count(*) FROM refresh_tokens WHERE family_id = ?", expiredFamily));
            assertEquals(2, db.count("SELECT count(*) FROM refresh_tokens WHERE family_id = ?", liveFamily));

            assertEquals(0, db.count("SELECT count(*) FROM password_resets WHERE id IN (?, ?)", usedReset, expiredReset));
            assertEquals(1, db.count("SELECT count(*) FROM password_resets WHERE id = ?", liveReset));

            assertNull(db.string("SELECT activation_token_hash FROM registrations WHERE user_id = ?", active));
            assertEquals(1, db.count("SELECT count(*) FROM registrations WHERE user_id = ?", active));
            assertEquals(0, db.count("SELECT count(*) FROM users WHERE id = ?", pendingLongExpired));
            assertEquals(0, db.count("SELECT count(*) FROM registrations WHERE user_id = ?", pendingLongExpired));
            assertEquals(2, db.count("SELECT count(*) FROM users u JOIN registrations r ON r.user_id = u.id "
                    + "WHERE u.id IN (?, ?) AND r.activation_token_hash IS NOT NULL", pendingRecentlyExpired, pendingLive));
            assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = ?", active));

            assertEquals(0, db.count("SELECT count(*) FROM mail_outbox WHERE id = ?", oldSentMail));
            assertEquals(2, db.count("SELECT count(*) FROM mail_outbox WHERE id IN (?, ?)", recentSentMail, oldUnsentMail));

            assertEquals(0, db.count("SELECT count(*) FROM audit_events WHERE id = ?", oldAudit));
            assertEquals(1, db.count("SELECT count(*) FROM audit_events WHERE id = ?", recentAudit));
        }
    }

    private Timestamp ago(Duration duration) {
        return Timestamp.from(now.minus(duration));
    }

    private UUID user(String status) {
        UUID id = UUID.randomUUID();
        String email = "retention-" + id + "@example.com";
        db.update("INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at) "
                + "VALUES (?, ?, ?, 'x', ?, now(), now())", id, email, email, status);
        return id;
    }

    private UUID token(UUID user, UUID family, Timestamp issued, Object expires, UUID replacedBy) {
        UUID id = UUID.randomUUID();
        Timestamp expiresAt = expires instanceof Instant instant ? Timestamp.from(instant) : (Timestamp) expires;
        db.update("INSERT INTO refresh_tokens (id, token_hash, user_id, family_id, issued_at, expires_at, rotated_at, replaced_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, hash(), user, family, issued, expiresAt,
                replacedBy == null ? null : issued, replacedBy);
        return id;
    }

    private UUID reset(UUID user, Timestamp created, Object expires, Timestamp used) {
        UUID id = UUID.randomUUID();
        Timestamp expiresAt = expires instanceof Instant instant ? Timestamp.from(instant) : (Timestamp) expires;
        db.update("INSERT INTO password_resets (id, token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, hash(), user, created, expiresAt, used);
        return id;
    }

    private void registration(UUID user, Object expires) {
        Timestamp expiresAt = expires instanceof Instant instant ? Timestamp.from(instant) : (Timestamp) expires;
        db.update("INSERT INTO registrations (user_id, activation_token_hash, activation_token_expires_at, registered_at) "
                + "VALUES (?, ?, ?, now())", user, hash(), expiresAt);
    }

    private long mail(UUID user, Timestamp created, Timestamp sent) {
        // Unsent mail is due only in a year, so that the sender leaves it alone during the test.
        return Long.parseLong(db.string("INSERT INTO mail_outbox (user_id, recipient, template, created_at, next_attempt_at, sent_at) "
                + "VALUES (?, 'retention@example.com', 'ACTIVATION', ?, ?, ?) RETURNING id", user, created,
                Timestamp.from(now.plus(Duration.ofDays(365))), sent));
    }

    private long audit(UUID user, Timestamp at) {
        return Long.parseLong(db.string("INSERT INTO audit_events (type, user_id, occurred_at) VALUES ('LOGIN_SUCCEEDED', ?, ?) RETURNING id",
                user, at));
    }

    private static String hash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }
}
