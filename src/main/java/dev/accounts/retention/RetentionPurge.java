package dev.accounts.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Deletes what has served its purpose ({@link PurgeKind}), on a schedule, in batches of one short
 * transaction each. Safe on any number of replicas: each batch first tries a transaction-scoped
 * advisory lock, and a replica that does not get it leaves this run to the one that has it; the
 * deletes themselves only take rows that match at that moment, so two runs that overlap anyway delete
 * each row once and never anything still in use.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /** pg_try_advisory_xact_lock key of the purge ("retentio" in ASCII). */
    static final long LOCK_KEY = 0x726574656e74696fL;

    @Inject
    EntityManager entityManager;

    @Inject
    RetentionConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /** The outbox counts "already registered" notices over this period, so sent mail stays at least as long. */
    @ConfigProperty(name = "accounts.registration.already-registered-notice-interval", defaultValue = "1H")
    Duration noticeInterval;

    /** Sealed refresh-token successors may be opened this long after their rotation, and not after. */
    @ConfigProperty(name = "accounts.auth.refresh-token-reuse-interval", defaultValue = "0S")
    Duration reuseInterval;

    private final Map<PurgeKind, Counter> purged = new EnumMap<>(PurgeKind.class);
    private final AtomicLong lastSuccess = new AtomicLong();
    private Timer runs;

    @PostConstruct
    void registerMeters() {
        for (PurgeKind kind : PurgeKind.values()) {
            purged.put(kind, Counter.builder("accounts.retention.purged").tag("kind", kind.tag)
                    .description("Rows deleted (or tokens cleared) by the retention purge").register(registry));
        }
        runs = Timer.builder("accounts.retention.runs").description("Retention purge runs on this replica")
                .register(registry);
        Gauge.builder("accounts.retention.last.success", lastSuccess, AtomicLong::get)
                .description("When this replica last completed a purge run, epoch seconds (0: never)")
                .baseUnit("seconds").register(registry);
    }

    @Scheduled(identity = "retention-purge", every = "${accounts.retention.interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    void scheduled() {
        try {
            purgeAll();
        } catch (RuntimeException e) {
            // Usually the database is away; the next run catches up. Never the rows' content.
            LOG.warnf("retention purge failed, next run in %s: %s", config.interval(), e.getClass().getSimpleName());
        }
    }

    /**
     * One run: every kind, batch after batch, until nothing is left or another replica holds the lock.
     * Returns the rows this call deleted per kind.
     */
    public Map<PurgeKind, Long> purgeAll() {
        Map<PurgeKind, Long> counts = new EnumMap<>(PurgeKind.class);
        long start = System.nanoTime();
        Instant now = clock.instant();
        for (PurgeKind kind : PurgeKind.values()) {
            long total = 0;
            while (true) {
                Long batch = QuarkusTransaction.requiringNew().call(() -> purgeBatch(kind, now));
                if (batch == null) {
                    // Another replica is purging: this run leaves the rest to it.
                    counts.put(kind, total);
                    finish(counts, start, false);
                    return counts;
                }
                total += batch;
                if (batch < config.batchSize()) {
                    break;
                }
            }
            counts.put(kind, total);
            purged.get(kind).increment(total);
        }
        finish(counts, start, true);
        return counts;
    }

    /** One batch of one kind in the current transaction; null when another replica holds the lock. */
    private Long purgeBatch(PurgeKind kind, Instant now) {
        Boolean locked = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)")
                .setParameter("key", LOCK_KEY).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return null;
        }
        return (long) entityManager.createNativeQuery(kind.sql)
                .setParameter("cutoff", cutoff(kind, now))
                .setParameter("limit", config.batchSize())
                .executeUpdate();
    }

    /** Rows older than this go (for tokens and pending accounts: that expired before this). */
    Instant cutoff(PurgeKind kind, Instant now) {
        return switch (kind) {
            case REFRESH_TOKENS, PASSWORD_RESETS, UNLOCK_TOKENS, ACTIVATION_TOKENS -> now;
            case PENDING_ACCOUNTS -> now.minus(config.pendingAccountGrace());
            case SENT_MAIL -> now.minus(max(config.sentMail(), noticeInterval));
            case AUDIT_EVENTS -> now.minus(config.auditEvents());
            case SEALED_SUCCESSORS -> now.minus(reuseInterval);
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void finish(Map<PurgeKind, Long> counts, long start, boolean complete) {
        runs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (complete) {
            lastSuccess.set(clock.instant().getEpochSecond());
        }
        if (counts.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("retention purge%s: %s", complete ? "" : " (left the rest to another replica)", counts);
        }
    }

    /** The scheduler skips runs while {@code accounts.retention.enabled} is false. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {

        @Inject
        RetentionConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
