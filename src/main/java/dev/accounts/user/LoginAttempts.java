package dev.accounts.user;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.mail.DurationWords;
import dev.accounts.mail.LinkMail;
import dev.accounts.mail.MailQueue;
import dev.accounts.mail.MailTemplate;
import dev.accounts.mail.OutboxMail;
import dev.accounts.security.SecureTokens;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Counts wrong secrets (passwords at login and on a password change; a second factor's codes later) per
 * account and client, where the client is {@link ClientInfo#clientKey()} (an IPv4 address or an IPv6
 * /64). {@code accounts.lockout.threshold} consecutive failures from one client lock the account for that
 * client only, for a period that doubles with each failure after a lock (initial-duration up to
 * max-duration); everybody else still logs in, so that nobody can lock a person out of their own
 * account from a few addresses. Failures from all clients together lock it everywhere only at
 * {@code accounts.lockout.account-threshold} (users.failed_login_count). A failure after
 * {@code accounts.lockout.decay} of quiet counts from 1 again. Durable in the database, one atomic
 * statement per counter and failure, so that it holds across replicas and concurrent attempts lose no
 * count. The owner gets a mail when a lock starts (at most one per {@code accounts.lockout.mail-cooldown}),
 * with a single-use link that lifts every lock of the account ({@link #unlock}).
 */
@ApplicationScoped
public class LoginAttempts {

    private static final Logger LOG = Logger.getLogger(LoginAttempts.class);
    private static final DateTimeFormatter LOCK_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    /** What a failure did. */
    public enum Outcome {
        /** Counted; no lock started. */
        COUNTED,
        /** Counted, and this failure started a lock (for the client or the whole account). */
        LOCK_STARTED,
        /** Not counted: the account is locked for this client or everywhere (or there is no such account). */
        LOCKED
    }

    @Inject
    AccountsConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    MailQueue outbox;

    @Inject
    AuditLog audit;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    /**
     * Counts a failure of this client on this account (which must exist: for an address without one, see
     * {@link #failedWithoutAccount}).
     */
    @Transactional
    public Outcome failed(UUID userId, ClientInfo client, Instant now) {
        AccountsConfig.Lockout lockout = config.lockout();
        Optional<Counted> perClient = countForClient(userId, client.clientKey(), now, lockout);
        if (perClient.isEmpty()) {
            // This client is locked out: its guesses are refused unseen, and need not count account-wide.
            return Outcome.LOCKED;
        }
        Optional<Counted> accountWide = countForAccount(userId, now, lockout);
        if (accountWide.isEmpty()) {
            return Outcome.LOCKED;
        }
        boolean everywhere = accountWide.get().lockStarted(now);
        Optional<Counted> started = everywhere ? accountWide : perClient.filter(counted -> counted.lockStarted(now));
        if (started.isEmpty()) {
            return Outcome.COUNTED;
        }
        lockStarted(userId, started.get(), everywhere, client, now);
        return Outcome.LOCK_STARTED;
    }

    /**
     * A failed login of an address without an account: the same two statements as {@link #failed} on an
     * id no account has (they change nothing), so that it costs what a wrong password does.
     */
    @Transactional
    public void failedWithoutAccount(ClientInfo client, Instant now) {
        AccountsConfig.Lockout lockout = config.lockout();
        UUID nobody = UUID.randomUUID();
        countForClient(nobody, client.clientKey(), now, lockout);
        countForAccount(nobody, now, lockout);
    }

    /** The right secret: this client's count starts over (the account-wide one is cleared by the login itself). */
    @Transactional
    public void succeeded(UUID userId, ClientInfo client) {
        entityManager.createNativeQuery("DELETE FROM login_failures WHERE user_id = :id AND client_key = :key")
                .setParameter("id", userId)
                .setParameter("key", client.clientKey())
                .executeUpdate();
    }

    /** Whether this client may not try now: locked out for this client, or everywhere. */
    @Transactional
    public boolean isLocked(UUID userId, ClientInfo client, Instant now) {
        return lockedUntil(userId, client, now).isPresent();
    }

    /**
     * When this client may try again: the later end of its own lock and of the account-wide one, or empty
     * when neither holds now. One statement, as {@link #isLocked} (which is this) has always cost.
     */
    @Transactional
    public Optional<Instant> lockedUntil(UUID userId, ClientInfo client, Instant now) {
        List<?> rows = entityManager.createNativeQuery("""
                SELECT max(until) FROM (
                    SELECT locked_until AS until FROM login_failures
                    WHERE user_id = :id AND client_key = :key AND locked_until > :now
                    UNION ALL
                    SELECT locked_until FROM users WHERE id = :id AND locked_until > :now) locks
                """)
                .setParameter("id", userId)
                .setParameter("key", client.clientKey())
                .setParameter("now", now)
                .getResultList();
        // An aggregate answers one row, NULL when no lock holds.
        return Optional.ofNullable(rows.isEmpty() ? null : Counted.instant(rows.get(0)));
    }

    /**
     * One upsert: the first failure inserts the row (only if the account exists: INSERT ... SELECT, never
     * a foreign-key error), later ones count on it, from 1 again after the decay; a locked row is not
     * counted (the WHERE of the update), so that a lock starts once and grows only with failures after it.
     */
    private Optional<Counted> countForClient(UUID userId, String clientKey, Instant now, AccountsConfig.Lockout lockout) {
        // The count after this failure: from 1 again after a quiet period since the last failure or the end of its lock.
        String count = "(CASE WHEN GREATEST(f.last_failure_at, f.locked_until) <= CAST(:now AS timestamptz)"
                + " - make_interval(secs => :decaySeconds) THEN 1 ELSE f.failures + 1 END)";
        List<?> rows = entityManager.createNativeQuery("""
                INSERT INTO login_failures AS f (user_id, client_key, failures, last_failure_at, locked_until)
                SELECT u.id, :key, 1, :now, CASE WHEN 1 >= :threshold
                    THEN CAST(:now AS timestamptz) + make_interval(secs => LEAST(:maxSeconds, :initialSeconds)) END
                FROM users u WHERE u.id = :id
                ON CONFLICT (user_id, client_key) DO UPDATE SET
                    failures = %1$s,
                    last_failure_at = EXCLUDED.last_failure_at,
                    locked_until = CASE WHEN %1$s >= :threshold
                        THEN CAST(:now AS timestamptz) + make_interval(secs => LEAST(:maxSeconds,
                            :initialSeconds * power(2, LEAST(%1$s - :threshold, 40))))
                        END
                WHERE f.locked_until IS NULL OR f.locked_until <= :now
                RETURNING failures, locked_until
                """.formatted(count))
                .setParameter("id", userId)
                .setParameter("key", clientKey)
                .setParameter("now", now)
                .setParameter("threshold", lockout.threshold())
                .setParameter("initialSeconds", (double) lockout.initialDuration().toSeconds())
                .setParameter("maxSeconds", (double) lockout.maxDuration().toSeconds())
                .setParameter("decaySeconds", (double) lockout.decay().toSeconds())
                .getResultList();
        return rows.stream().findFirst().map(row -> Counted.of((Object[]) row));
    }

    private Optional<Counted> countForAccount(UUID userId, Instant now, AccountsConfig.Lockout lockout) {
        return User.recordFailedLogin(userId, now, lockout.accountThreshold(), lockout.initialDuration(),
                lockout.maxDuration(), lockout.decay()).map(row -> Counted.of(row));
    }

    /** Exactly one failure starts each lock: the counting statements skip locked rows. */
    private void lockStarted(UUID userId, Counted lock, boolean everywhere, ClientInfo client, Instant now) {
        User user = User.findById(userId);
        if (user == null) {
            return;
        }
        Duration lockedFor = Duration.between(now, lock.lockedUntil()).truncatedTo(ChronoUnit.SECONDS);
        Duration cooldown = config.lockout().mailCooldown();
        // Locks are per client: from many clients, many locks. One mail per cooldown, whose link lifts them all.
        boolean mailQueued = cooldown.isZero() || !OutboxMail.existsSince(user.id, MailTemplate.ACCOUNT_LOCKED, now.minus(cooldown));
        if (mailQueued) {
            Duration ttl = config.lockout().unlockLinkTtl();
            SecureTokens.IssuedToken token = SecureTokens.issue();
            UnlockToken.deleteUnused(user.id);
            UnlockToken.create(user.id, token.hash(), now, now.plus(ttl)).persist();
            Map<String, String> payload = new HashMap<>(LinkMail.payload(config.lockout().unlockLinkTemplate(), token.token(), ttl));
            payload.put("failures", String.valueOf(lock.failures()));
            payload.put("lockedFor", DurationWords.describe(lockedFor));
            payload.put("until", LOCK_END.format(lock.lockedUntil()));
            outbox.enqueue(user.id, user.email, MailTemplate.ACCOUNT_LOCKED, payload, now);
        }
        audit.record(AuditType.ACCOUNT_LOCKED, user.id, client, Map.of("failedLogins", lock.failures(),
                "lockedUntil", lock.lockedUntil().toString(), "scope", everywhere ? "account" : "client",
                "mailQueued", mailQueued));
        metrics.counter("accounts.lockouts").increment();
        LOG.infof("user %s locked %s until %s after %d failures", user.id, everywhere ? "everywhere" : "for one client",
                lock.lockedUntil(), lock.failures());
    }

    /**
     * Spends the single-use unlock link of a lock mail: every lock of the account is lifted, for every
     * client and account-wide, and the counters start over. It does not sign in by itself: the mailbox
     * proves enough to lift a lock, not to stand in for the password (nor for a second factor), so its
     * holder then logs in as usual. False for an unknown, used or expired token.
     */
    @Transactional
    public boolean unlock(String token, ClientInfo client) {
        Instant now = clock.instant();
        Optional<UnlockToken> found = UnlockToken.findByHash(SecureTokens.hash(token))
                .filter(unlock -> UnlockToken.use(unlock.id, now));
        if (found.isEmpty()) {
            return false;
        }
        UUID userId = found.get().userId;
        clearAll(userId);
        audit.record(AuditType.ACCOUNT_UNLOCKED, userId, client, null);
        metrics.counter("accounts.unlocks").increment();
        LOG.infof("user %s unlocked from the lock mail's link", userId);
        return true;
    }

    /**
     * Lifts every lock of the account, for every client and account-wide, and starts every count over:
     * its owner proved the mailbox (the unlock link, a password reset).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearAll(UUID userId) {
        entityManager.createNativeQuery("DELETE FROM login_failures WHERE user_id = :id").setParameter("id", userId)
                .executeUpdate();
        entityManager.createNativeQuery("""
                UPDATE users SET failed_login_count = 0, locked_until = NULL, last_failed_login_at = NULL WHERE id = :id
                """).setParameter("id", userId).executeUpdate();
    }

    /** A counter after a failure: its count and the lock it holds, if any. */
    record Counted(int failures, Instant lockedUntil) {
        static Counted of(Object[] row) {
            return new Counted(((Number) row[0]).intValue(), instant(row[1]));
        }

        /** A timestamptz as the driver and Hibernate hand it over; null stays null. */
        static Instant instant(Object value) {
            return value == null ? null
                    : value instanceof Instant instant ? instant
                    : value instanceof OffsetDateTime offset ? offset.toInstant()
                    : ((Timestamp) value).toInstant();
        }

        boolean lockStarted(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

}
