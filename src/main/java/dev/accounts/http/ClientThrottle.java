package dev.accounts.http;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.accounts.config.AccountsConfig;
import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLadvisoryLockBasedProxyManager;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-client token buckets (bucket4j), one per throttled endpoint and client key (an IPv4 address or an
 * IPv6 /64, {@link ClientInfo#clientKey()}), refilled steadily to the configured number per minute.
 * <p>
 * By default ({@code accounts.throttle.backend=database}) the buckets are rows of throttle_buckets,
 * through bucket4j's PostgreSQL backend on the service's own datasource: each request takes a
 * transaction-scoped advisory lock on its bucket, reads and writes its state, and commits, so that all
 * replicas count against one limit. A row expires when its bucket would be full again, and a
 * scheduled job deletes expired rows, so a flood from many addresses leaves no lasting rows.
 * <p>
 * With {@code backend=memory} they live per replica in a Caffeine map bounded to
 * {@code accounts.throttle.max-clients} addresses: a flood evicts the least recently seen instead of
 * exhausting the heap, and a bucket idle for a minute is full again, so forgetting it changes nothing.
 */
@ApplicationScoped
// Caffeine builds each cache shape from a pair of generated classes found by name at run time. Quarkus's
// Caffeine extension registers the common shapes for the native image, but not this one (a maximum size
// with expiry after access, whose entries are PSAMS): unregistered, every throttled endpoint answered 500
// in the native executable. ClientThrottleNativeTest checks that the classes this cache uses are registered.
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSAMS" })
public class ClientThrottle {

    private static final Duration PERIOD = Duration.ofMinutes(1);

    /** Advisory-lock ids of the buckets: "thro" in the high half, so that they never meet AdvisoryLocks' keys. */
    private static final long LOCK_NAMESPACE = 0x7468726fL << 32;
    private static final int EXPIRED_ROWS_PER_CLEANUP = 1000;

    @Inject
    AccountsConfig config;

    @Inject
    DataSource dataSource;

    private static final Logger LOG = Logger.getLogger(ClientThrottle.class);

    private PostgreSQLadvisoryLockBasedProxyManager<String> shared;
    private volatile long lastBackendWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

    private final Map<Throttled.Endpoint, Cache<String, Bucket>> buckets = new EnumMap<>(Throttled.Endpoint.class);
    private final Map<Throttled.Endpoint, Integer> limits = new EnumMap<>(Throttled.Endpoint.class);

    @PostConstruct
    void init() {
        AccountsConfig.Throttle throttle = config.throttle();
        limits.put(Throttled.Endpoint.LOGIN, throttle.loginPerMinute());
        limits.put(Throttled.Endpoint.REGISTRATION, throttle.registrationPerMinute());
        limits.put(Throttled.Endpoint.ACTIVATION_REQUEST, throttle.activationRequestPerMinute());
        limits.put(Throttled.Endpoint.PASSWORD_RESET_REQUEST, throttle.passwordResetRequestPerMinute());
        if (throttle.backend() == AccountsConfig.Throttle.Backend.DATABASE) {
            shared = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .lockIdSupplier(key -> LOCK_NAMESPACE | (key.hashCode() & 0xffffffffL))
                    .table("throttle_buckets")
                    .idColumn("id")
                    .stateColumn("state")
                    .expiresAtColumn("expires_at")
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                    .build();
        }
        for (Throttled.Endpoint endpoint : Throttled.Endpoint.values()) {
            buckets.put(endpoint, newBucketMap(throttle.maxClients()));
        }
    }

    /** Deletes the rows of buckets that are full again (they would start full anyway). */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void removeExpiredBuckets() {
        if (shared != null) {
            // Several replicas may run this at once: each deletes what it finds, nothing is lost.
            try {
                while (shared.removeExpired(EXPIRED_ROWS_PER_CLEANUP) == EXPIRED_ROWS_PER_CLEANUP) {
                    // another batch
                }
            } catch (RuntimeException unavailable) {
                LOG.debugf("throttle: expired buckets not removed now (%s)", unavailable.getClass().getSimpleName());
            }
        }
    }

    /** The map of one endpoint's buckets: bounded in size, forgetting a client idle for a period. */
    static Cache<String, Bucket> newBucketMap(long maxClients) {
        return Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfterAccess(PERIOD)
                .build();
    }

    /** The limit per minute of the endpoint. */
    public int limit(Throttled.Endpoint endpoint) {
        return limits.get(endpoint);
    }

    /**
     * Takes one request from the client's bucket.
     *
     * @return whether the request may go on, and what the RateLimit and Retry-After headers say
     */
    public Decision acquire(Throttled.Endpoint endpoint, String clientAddress) {
        int limit = limits.get(endpoint);
        String client = clientAddress == null ? "" : clientAddress;
        ConsumptionProbe probe = null;
        if (shared != null) {
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, PERIOD).build())
                    .build();
            try {
                probe = shared.builder().build(endpoint.label() + ":" + client, () -> configuration)
                        .tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException unavailable) {
                // The database is down or slow: the limit still holds, per replica, until it is back.
                long now = System.nanoTime();
                if (now - lastBackendWarning > TimeUnit.MINUTES.toNanos(1)) {
                    lastBackendWarning = now;
                    LOG.warnf("throttle: the shared buckets are unavailable (%s); counting per replica meanwhile",
                            unavailable.getClass().getSimpleName());
                }
            }
        }
        if (probe == null) {
            Bucket bucket = buckets.get(endpoint).get(client, address -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, PERIOD).build())
                    .build());
            probe = bucket.tryConsumeAndReturnRemaining(1);
        }
        return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * The outcome for one request: {@code limit}, {@code remaining} and {@code resetSeconds} (until the
     * bucket is full again) for the RateLimit headers; {@code retryAfterSeconds} when refused.
     */
    public record Decision(boolean allowed, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }
}
