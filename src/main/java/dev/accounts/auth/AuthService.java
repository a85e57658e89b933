package dev.accounts.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.mail.MailOutbox;
import dev.accounts.mail.MailTemplate;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.security.SecureTokens;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Login, refresh-token rotation and logout. A failed login never tells why: unknown address, wrong
 * password, disabled or locked account all get the same 401 after the same argon2 work. Only the right
 * password on a pending account is told so (403), since the person then holds the secret anyway.
 * Consecutive failures lock the account for a while (accounts.lockout.*), in the database, so that the
 * lock holds on every replica; its owner gets a mail when a lock starts.
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final String INVALID_CREDENTIALS = "The email address or the password is not correct.";
    private static final DateTimeFormatter LOCK_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private static final String INVALID_REFRESH_TOKEN = "The refresh token is unknown, expired, already used or revoked. "
            + "Log in again.";

    @Inject
    AccountsConfig config;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    AccessTokens accessTokens;

    @Inject
    AuditLog audit;

    @Inject
    MailOutbox outbox;

    @Inject
    Clock clock;

    /**
     * accounts_login_failures_total{reason}, accounts_lockouts_total, accounts_refresh_token_reuse_total:
     * fixed label values only.
     */
    @Inject
    MeterRegistry metrics;

    /** Verified when the address has no account, so that an unknown address costs what a known one does. */
    private String dummyHash;

    @PostConstruct
    void init() {
        dummyHash = passwordHasher.hash(SecureTokens.issue().token());
    }

    /**
     * Checks the password (outside any transaction: no connection waits on argon2), then records the
     * outcome and, on success, issues a token pair in a new refresh-token family.
     */
    public TokenResponse login(LoginRequest request, ClientInfo client) {
        Optional<Credentials> account = EmailAddress.parse(request.email())
                .flatMap(email -> QuarkusTransaction.requiringNew().call(() -> Credentials.of(email)));
        String password = PasswordPolicy.normalize(request.password());
        boolean passwordMatches = passwordHasher.verify(password, account.map(Credentials::passwordHash).orElse(dummyHash))
                && account.isPresent();
        LoginOutcome outcome = QuarkusTransaction.requiringNew()
                .call(() -> completeLogin(account.map(Credentials::id), passwordMatches, client));
        if (outcome.tokens() == null) {
            throw outcome.failure() == ProblemType.ACCOUNT_NOT_ACTIVATED
                    ? new ProblemException(ProblemType.ACCOUNT_NOT_ACTIVATED,
                            "This account is not activated yet. Follow the link in the activation mail, or ask for a new one.")
                    : new ProblemException(ProblemType.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
        }
        upgradeHashIfOutdated(account.get(), password);
        return outcome.tokens();
    }

    /**
     * An imported hash (bcrypt, Django's PBKDF2...) or argon2id with parameters raised since is replaced,
     * now that the password is known, by argon2id with the current parameters.
     */
    private void upgradeHashIfOutdated(Credentials account, String password) {
        if (passwordHasher.needsRehash(account.passwordHash())) {
            String upgraded = passwordHasher.hash(password);
            QuarkusTransaction.requiringNew().run(() -> User.upgradePasswordHash(account.id(), account.passwordHash(), upgraded));
        }
    }

    private LoginOutcome completeLogin(Optional<UUID> userId, boolean passwordMatches, ClientInfo client) {
        Instant now = clock.instant();
        // A wrong password is refused without loading the account: the same database work as an unknown
        // address, whose failure is "counted" on an id no account has, so that response times do not
        // tell them apart.
        if (userId.isEmpty() || !passwordMatches) {
            AccountsConfig.Lockout lockout = config.lockout();
            Optional<Integer> failures = User.recordFailedLogin(userId.orElseGet(UUID::randomUUID), now,
                    lockout.threshold(), lockout.initialDuration(), lockout.maxDuration());
            String reason = userId.isEmpty() ? "unknown-email" : failures.isEmpty() ? "locked" : "wrong-password";
            failed(reason, userId.orElse(null), client);
            if (failures.isPresent() && failures.get() >= lockout.threshold()) {
                lockStarted(userId.get(), failures.get(), client, now);
            }
            return LoginOutcome.failed(ProblemType.INVALID_CREDENTIALS);
        }
        Optional<User> found = User.findByIdOptional(userId.get());
        if (found.isEmpty()) {
            // Erased between the password check and now.
            failed("unknown-email", null, client);
            return LoginOutcome.failed(ProblemType.INVALID_CREDENTIALS);
        }
        User user = found.get();
        String refusal = refusal(user, now);
        if (refusal == null && !User.recordLogin(user.id, now)) {
            // Locked by a concurrent failure since the account was read.
            refusal = "locked";
        }
        if (refusal != null) {
            failed(refusal, user.id, client);
            return LoginOutcome.failed("not-activated".equals(refusal)
                    ? ProblemType.ACCOUNT_NOT_ACTIVATED
                    : ProblemType.INVALID_CREDENTIALS);
        }
        TokenResponse tokens = issuePair(user, UUID.randomUUID(), UUID.randomUUID(), now);
        audit.record(AuditType.LOGIN_SUCCEEDED, user.id, client, null);
        return new LoginOutcome(tokens, null);
    }

    private void failed(String reason, UUID userId, ClientInfo client) {
        audit.record(AuditType.LOGIN_FAILED, userId, client, Map.of("reason", reason));
        metrics.counter("accounts.login.failures", "reason", reason).increment();
    }

    /** This failure started a lock (exactly one failure does: the counting UPDATE skips locked rows). */
    private void lockStarted(UUID userId, int failures, ClientInfo client, Instant now) {
        User user = User.findById(userId);
        if (user == null || user.lockedUntil == null) {
            return;
        }
        Duration lockedFor = Duration.between(now, user.lockedUntil).truncatedTo(ChronoUnit.SECONDS);
        outbox.enqueue(user, MailTemplate.ACCOUNT_LOCKED, Map.of("failures", String.valueOf(failures),
                "lockedFor", describe(lockedFor), "until", LOCK_END.format(user.lockedUntil)), now);
        audit.record(AuditType.ACCOUNT_LOCKED, user.id, client,
                Map.of("failedLogins", failures, "lockedUntil", user.lockedUntil.toString()));
        metrics.counter("accounts.lockouts").increment();
        LOG.infof("user %s locked until %s after %d failed logins", user.id, user.lockedUntil, failures);
    }

    private static String describe(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        if (minutes >= 60 && minutes % 60 == 0) {
            return minutes == 60 ? "1 hour" : minutes / 60 + " hours";
        }
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    /** Why a login with the right password is refused, or null; the status is read now, not before hashing. */
    private static String refusal(User user, Instant now) {
        if (user.status == UserStatus.DISABLED) {
            return "disabled";
        }
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            return "locked";
        }
        if (user.status == UserStatus.PENDING) {
            return "not-activated";
        }
        return null;
    }

    /**
     * Exchanges a refresh token for a new pair in the same family. A rotated token presented again
     * (after the reuse interval) revokes the family: that revocation must survive the 401, hence no
     * rollback for problems.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenResponse refresh(String presented, ClientInfo client) {
        Instant now = clock.instant();
        // The common case in one statement; anything else (unknown, expired, revoked, reused, account not
        // active) falls through to the checks below, which say which it was.
        SecureTokens.IssuedToken next = SecureTokens.issue();
        Optional<RefreshToken.Rotation> rotated = RefreshToken.rotateAndIssue(SecureTokens.hash(presented),
                UUID.randomUUID(), next.hash(), now, now.plus(config.auth().refreshTokenTtl()),
                config.auth().refreshTokenReuseInterval());
        if (rotated.isPresent()) {
            RefreshToken.Rotation rotation = rotated.get();
            return TokenResponse.of(accessTokens.issue(rotation.userId(), rotation.email(), rotation.roles()),
                    next.token(), config.auth().refreshTokenTtl().toSeconds());
        }
        RefreshToken token = RefreshToken.findByHash(SecureTokens.hash(presented))
                .orElseThrow(AuthService::invalidRefreshToken);
        User user = User.findById(token.userId);
        if (user == null || user.status != UserStatus.ACTIVE) {
            RefreshToken.revokeFamily(token.familyId, now);
            throw invalidRefreshToken();
        }
        UUID successor = UUID.randomUUID();
        if (!RefreshToken.rotate(token.id, successor, now, config.auth().refreshTokenReuseInterval())) {
            // See what made the update miss, as committed by whichever transaction got there first.
            RefreshToken.getEntityManager().refresh(token);
            if (token.revokedAt == null && token.rotatedAt != null && token.expiresAt.isAfter(now)) {
                int revoked = RefreshToken.revokeFamily(token.familyId, now);
                audit.record(AuditType.REFRESH_TOKEN_REUSED, token.userId, client,
                        Map.of("familyId", token.familyId.toString(), "revokedTokens", revoked));
                metrics.counter("accounts.refresh.token.reuse").increment();
                LOG.warnf("reuse of a rotated refresh token of user %s: family %s revoked", token.userId, token.familyId);
            }
            throw invalidRefreshToken();
        }
        return issuePair(user, successor, token.familyId, now);
    }

    /** Revokes the family of the token; unknown tokens are ignored, so that logging out twice is harmless. */
    @Transactional
    public void logout(String presented, ClientInfo client) {
        Instant now = clock.instant();
        RefreshToken.findByHash(SecureTokens.hash(presented)).ifPresent(token -> {
            RefreshToken.revokeFamily(token.familyId, now);
            audit.record(AuditType.LOGOUT, token.userId, client, null);
        });
    }

    private TokenResponse issuePair(User user, UUID refreshTokenId, UUID familyId, Instant now) {
        SecureTokens.IssuedToken refresh = SecureTokens.issue();
        Instant expiresAt = now.plus(config.auth().refreshTokenTtl());
        RefreshToken.create(refreshTokenId, refresh.hash(), user.id, familyId, now, expiresAt).persist();
        return TokenResponse.of(accessTokens.issue(user), refresh.token(), config.auth().refreshTokenTtl().toSeconds());
    }

    private static ProblemException invalidRefreshToken() {
        return new ProblemException(ProblemType.REFRESH_TOKEN_INVALID, INVALID_REFRESH_TOKEN);
    }

    /**
     * What the password check needs, read before it and outside the transaction that records the outcome.
     * A projection: one query whether or not the address has an account (the entity would also fetch roles).
     */
    // A Panache projection: built through its constructor by reflection, which the native image must be told of.
    @RegisterForReflection
    record Credentials(UUID id, String passwordHash) {
        static Optional<Credentials> of(EmailAddress email) {
            return User.find("emailNormalized", email.normalized()).project(Credentials.class).firstResultOptional();
        }

        @Override
        public String toString() {
            return "Credentials[id=" + id + ", passwordHash=***]";
        }
    }

    private record LoginOutcome(TokenResponse tokens, ProblemType failure) {
        static LoginOutcome failed(ProblemType failure) {
            return new LoginOutcome(null, failure);
        }
    }
}
