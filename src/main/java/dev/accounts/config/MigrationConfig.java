package dev.accounts.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of user migration from other systems, under {@code accounts.migration.} (env:
 * {@code ACCOUNTS_MIGRATION_...}): what verifying imported hashes may cost, and the Firebase project's hash
 * parameters.
 */
@ConfigMapping(prefix = "accounts.migration")
public interface MigrationConfig {

    /**
     * Memory that verifications of imported memory-hard hashes (argon2 above the service's own cost,
     * scrypt) may hold at once, MiB. Django's argon2 default needs 100 MiB: with the default, one such
     * verification runs at a time and the others wait for it (or get a 503 after
     * {@link #memoryWait()}), so that a burst of logins of imported users cannot exhaust the heap.
     */
    @WithDefault("128")
    int hashMemoryBudgetMib();

    /** How long a verification waits for memory of the budget before the caller gets a 503. */
    @WithDefault("2S")
    Duration memoryWait();

    /**
     * Threads of the legacy bulkhead, which verifies every hash that is not the service's own argon2id
     * (bcrypt, PBKDF2, scrypt, imported argon2...), so that a burst of logins of imported users holds
     * these and never the threads that hash registrations, logins of migrated users and the dummy hash.
     */
    @WithDefault("2")
    int legacyHashingThreads();

    /** Legacy verifications that may wait for a thread of the bulkhead; beyond it, 503 with Retry-After. */
    @WithDefault("16")
    int legacyHashingQueueSize();

    /**
     * Longest a legacy verification may take, wait for memory and thread included; beyond it the work is
     * interrupted (argon2, PBKDF2 and PHPass check between rounds; the others are bounded by their cost)
     * and the caller gets 503.
     */
    @WithDefault("3S")
    Duration legacyVerifyDeadline();

    /**
     * The Firebase project's password hash parameters (Firebase console, "Password hash parameters");
     * without a signer key, Firebase hashes verify no password.
     */
    Firebase firebase();

    /** How often the accounts_users_legacy_hash gauge counts the users still on a foreign hash. */
    @WithDefault("60S")
    Duration legacyHashGaugeInterval();

    /** Lazy migration: logins of addresses without an account checked against the old system. */
    Lazy lazy();

    interface Lazy {
        /** Off by default: without it, an unknown address is refused as always and nothing leaves the service. */
        @WithDefault("false")
        boolean enabled();

        /** The legacy system's check, HTTPS: POST {"email","password"}, 200 {"valid":true,...} means yes. */
        Optional<URI> endpoint();

        /** Allows an http:// endpoint (a sidecar on localhost, tests); refused at startup otherwise. */
        @WithDefault("false")
        boolean allowPlainHttp();

        /** Sent as {@code Authorization: Bearer ...} when set, so that the endpoint can refuse other callers. */
        Optional<String> bearerToken();

        /**
         * Deadline of one call, connection and whole answer included; also the least time a failed login
         * takes while lazy migration is on, so that an unknown address and a refused check time the same.
         */
        @WithDefault("2S")
        Duration timeout();

        /** Largest answer read; a longer one is a failure of the endpoint. */
        @WithDefault("16384")
        int maxBodyBytes();

        /** Calls in flight at once (bulkhead); a login beyond it is refused as a wrong password. */
        @WithDefault("4")
        int concurrency();

        /** Consecutive failures (error, timeout, 5xx, garbage) that open the circuit breaker. */
        @WithDefault("5")
        int breakerFailureThreshold();

        /** How long an open breaker refuses without calling, before one trial call. */
        @WithDefault("30S")
        Duration breakerOpenDuration();

        /** Roles the endpoint may grant besides "user"; any other role it answers is ignored. */
        Optional<Set<String>> allowedRoles();
    }

    interface Firebase {
        /** base64_signer_key. */
        Optional<String> signerKey();

        /** base64_salt_separator. */
        @WithDefault("Bw==")
        String saltSeparator();

        @WithDefault("8")
        int rounds();

        @WithDefault("14")
        int memCost();
    }
}
