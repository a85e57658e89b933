package dev.accounts.http;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.accounts.config.AccountsConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-client-address token buckets (bucket4j), one set per throttled endpoint, refilled steadily to the
 * configured number per minute. The buckets live in memory, in a Caffeine map bounded to
 * {@code accounts.throttle.max-clients} addresses: a flood from many addresses evicts the least recently
 * seen instead of exhausting the heap, and a bucket idle for a minute is full again, so forgetting it
 * changes nothing. Per replica: n replicas allow n times the limit, which is still a bound on guessing;
 * the account lockout, which is in the database, holds across replicas.
 */
@ApplicationScoped
// Caffeine builds each cache shape from a pair of generated classes found by name at run time. Quarkus's
// Caffeine extension registers the common shapes for the native image, but not this one (a maximum size
// with expiry after access, whose entries are PSAMS): unregistered, every throttled endpoint answered 500
// in the native executable. ClientThrottleNativeTest checks that the classes this cache uses are registered.
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSAMS" })
public class ClientThrottle {

    private static final Duration PERIOD = Duration.ofMinutes(1);

    @Inject
    AccountsConfig config;

    private final Map<Throttled.Endpoint, Cache<String, Bucket>> buckets = new EnumMap<>(Throttled.Endpoint.class);
    private final Map<Throttled.Endpoint, Integer> limits = new EnumMap<>(Throttled.Endpoint.class);

    @PostConstruct
    void init() {
        AccountsConfig.Throttle throttle = config.throttle();
        limits.put(Throttled.Endpoint.LOGIN, throttle.loginPerMinute());
        limits.put(Throttled.Endpoint.REGISTRATION, throttle.registrationPerMinute());
        limits.put(Throttled.Endpoint.ACTIVATION_REQUEST, throttle.activationRequestPerMinute());
        limits.put(Throttled.Endpoint.PASSWORD_RESET_REQUEST, throttle.passwordResetRequestPerMinute());
        for (Throttled.Endpoint endpoint : Throttled.Endpoint.values()) {
            buckets.put(endpoint, newBucketMap(throttle.maxClients()));
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
        Bucket bucket = buckets.get(endpoint).get(clientAddress == null ? "" : clientAddress, address -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, PERIOD).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
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
