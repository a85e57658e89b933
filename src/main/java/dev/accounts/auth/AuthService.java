package dev.accounts.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.security.SecureTokens;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Login, refresh-token rotation and logout. A failed login never tells why: unknown address, wrong
 * password, disabled or locked account all get the same 401 after the same argon2 work. Only the right
 * password on a pending account is told so (403), since the person then holds the secret anyway.
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final String INVALID_CREDENTIALS = "The email address or the password is not correct.";
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
    Clock clock;

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
        // address, so that response times do not tell them apart.
        if (userId.isEmpty() || !passwordMatches) {
            audit.record(AuditType.LOGIN_FAILED, userId.orElse(null), client,
                    Map.of("reason", userId.isEmpty() ? "unknown-email" : "wrong-password"));
            return LoginOutcome.failed(ProblemType.INVALID_CREDENTIALS);
        }
        Optional<User> found = User.findByIdOptional(userId.get());
        if (found.isEmpty()) {
            // Erased between the password check and now.
            audit.record(AuditType.LOGIN_FAILED, null, client, Map.of("reason", "unknown-email"));
            return LoginOutcome.failed(ProblemType.INVALID_CREDENTIALS);
        }
        User user = found.get();
        String refusal = refusal(user, now);
        if (refusal != null) {
            audit.record(AuditType.LOGIN_FAILED, user.id, client, Map.of("reason", refusal));
            return LoginOutcome.failed("not-activated".equals(refusal)
                    ? ProblemType.ACCOUNT_NOT_ACTIVATED
                    : ProblemType.INVALID_CREDENTIALS);
        }
        User.recordLogin(user.id, now);
        TokenResponse tokens = issuePair(user, UUID.randomUUID(), UUID.randomUUID(), now);
        audit.record(AuditType.LOGIN_SUCCEEDED, user.id, client, null);
        return new LoginOutcome(tokens, null);
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
