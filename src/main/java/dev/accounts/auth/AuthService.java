package dev.accounts.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.mfa.MfaService;
import dev.accounts.migration.LazyMigration;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.security.SecureTokens;
import dev.accounts.session.RefreshToken;
import dev.accounts.session.RefreshTokenRotation;
import dev.accounts.session.Sessions;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.LoginAttempts;
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
 * password, disabled, locked or pending account all get the same 401 after the same argon2 work. The
 * right password on a pending account too: otherwise registering an address with a password and logging
 * in with it would tell a free address (pending, right password) from a taken one (wrong password). The
 * owner of a pending account learns what to do from the activation mail, never from this answer.
 * Consecutive failures lock the account for a while for the client that failed, and everywhere only at
 * a much higher ceiling ({@link LoginAttempts}, accounts.lockout.*), in the database, so that the lock
 * holds on every replica; its owner gets a mail when a lock starts.
 */
@ApplicationScoped
public class AuthService {

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
    Sessions sessions;

    @Inject
    RefreshTokenRotation rotation;

    @Inject
    MfaService mfa;

    @Inject
    LoginAttempts attempts;

    @Inject
    Clock clock;

    @Inject
    LazyMigration lazyMigration;

    /** accounts_login_failures_total{reason}, accounts_lockouts_total: fixed label values only. */
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
    public LoginAnswer login(LoginRequest request, ClientInfo client) {
        long start = System.nanoTime();
        Optional<EmailAddress> email = EmailAddress.parse(request.email());
        Optional<Credentials> account = email.flatMap(address -> QuarkusTransaction.requiringNew().call(() -> Credentials.of(address)));
        String password = PasswordPolicy.normalize(request.password());
        boolean passwordMatches = passwordHasher.verifyTyped(request.password(), account.map(Credentials::passwordHash).orElse(dummyHash))
                && account.isPresent();
        if (account.isEmpty() && email.isPresent()) {
            // The one hook of lazy migration (off by default): an unknown address may be known to the old system.
            Optional<LazyMigration.Migrated> migrated = lazyMigration.tryMigrate(email.get(), request.password(), client);
            if (migrated.isPresent()) {
                account = Optional.of(new Credentials(migrated.get().userId(), migrated.get().passwordHash()));
                passwordMatches = true;
            }
        }
        Optional<Credentials> checked = account;
        boolean matched = passwordMatches;
        LoginOutcome outcome = QuarkusTransaction.requiringNew()
                .call(() -> completeLogin(checked.map(Credentials::id), matched, client));
        if (outcome instanceof LoginOutcome.Refused) {
            lazyMigration.holdFailedLogin(start);
        }
        return switch (outcome) {
            case LoginOutcome.LoggedIn loggedIn -> {
                upgradeHashIfOutdated(checked.get(), password);
                yield loggedIn.tokens();
            }
            case LoginOutcome.Refused refused -> throw new ProblemException(ProblemType.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
        };
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
        if (userId.isEmpty()) {
            // The same statements as a wrong password, on an id no account has, so that response times do
            // not tell an unknown address from a known one.
            attempts.failedWithoutAccount(client, now);
            failed(LoginFailure.UNKNOWN_EMAIL, null, client);
            return new LoginOutcome.Refused(LoginFailure.UNKNOWN_EMAIL);
        }
        if (!passwordMatches) {
            // Refused without loading the account. Failures count per client: this client's lock does not
            // lock the owner out from elsewhere (LoginAttempts).
            LoginAttempts.Outcome counted = attempts.failed(userId.get(), client, now);
            failed(counted == LoginAttempts.Outcome.LOCKED ? LoginFailure.LOCKED : LoginFailure.WRONG_PASSWORD,
                    userId.get(), client);
            return new LoginOutcome.Refused(LoginFailure.WRONG_PASSWORD);
        }
        Optional<User> found = User.findByIdOptional(userId.get());
        if (found.isEmpty()) {
            // Erased between the password check and now.
            failed(LoginFailure.UNKNOWN_EMAIL, null, client);
            return new LoginOutcome.Refused(LoginFailure.UNKNOWN_EMAIL);
        }
        User user = found.get();
        Optional<LoginFailure> refusal = LoginFailure.ofAccount(user, now);
        if (refusal.isEmpty() && attempts.isLocked(user.id, client, now)) {
            refusal = Optional.of(LoginFailure.LOCKED);
        }
        if (refusal.isEmpty() && mfa.enabled(user.id)) {
            // The seam of the second factor: the password and the account are fine, but no tokens yet. The
            // failure count is not reset here (only after the code), or a known password would buy
            // unlimited code guesses between resets.
            MfaService.Challenge challenge = mfa.challenge(user.id);
            audit.record(AuditType.LOGIN_MFA_REQUIRED, user.id, client, null);
            return new LoginOutcome.LoggedIn(new MfaRequired(true, challenge.token(), List.of("totp", "recovery_code"),
                    challenge.expiresInSeconds()));
        }
        if (refusal.isEmpty() && mfa.mustEnrol(user.roles)) {
            // A role that demands a second factor, and none yet: enrolment first, no tokens (accounts.mfa.required-roles).
            MfaService.Challenge enrolment = mfa.enrolmentChallenge(user.id);
            audit.record(AuditType.LOGIN_MFA_ENROLMENT_REQUIRED, user.id, client, null);
            return new LoginOutcome.LoggedIn(new MfaEnrolmentRequired(true, enrolment.token(), enrolment.expiresInSeconds()));
        }
        if (refusal.isEmpty() && !User.recordLogin(user.id, now)) {
            // Locked by a concurrent failure since the account was read.
            refusal = Optional.of(LoginFailure.LOCKED);
        }
        if (refusal.isPresent()) {
            failed(refusal.get(), user.id, client);
            return new LoginOutcome.Refused(refusal.get());
        }
        attempts.succeeded(user.id, client);
        TokenResponse tokens = issuePair(user, sessions.start(user.id, now, Sessions.Authentication.password(client)));
        audit.record(AuditType.LOGIN_SUCCEEDED, user.id, client, null);
        return new LoginOutcome.LoggedIn(tokens);
    }

    /**
     * The second step of a login: the mfaToken of the first and a TOTP or recovery code. A wrong code counts
     * in the account's lockout like a wrong password (and must survive the 401: no rollback for problems).
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenResponse verifyMfa(MfaVerifyRequest request, ClientInfo client) {
        if ((request.code() == null) == (request.recoveryCode() == null)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Send exactly one of code and recoveryCode.");
        }
        Instant now = clock.instant();
        MfaService.Verification verification = mfa.verify(request.mfaToken(), request.code(), request.recoveryCode(), client);
        switch (verification) {
            case MfaService.Verification.UnknownChallenge unknown -> throw mfaFailed();
            case MfaService.Verification.WrongCode wrong -> {
                // Counted per client and account-wide, as a wrong password is (LoginAttempts).
                attempts.failed(wrong.userId(), client, now);
                audit.record(AuditType.MFA_VERIFICATION_FAILED, wrong.userId(), client, null);
                metrics.counter("accounts.login.failures", "reason", "wrong_mfa_code").increment();
                throw mfaFailed();
            }
            case MfaService.Verification.Passed passed -> {
                Optional<User> user = User.<User>findByIdOptional(passed.userId());
                // Locked (by wrong codes), disabled or erased since the first step: the same 401.
                if (user.isEmpty() || LoginFailure.ofAccount(user.get(), now).isPresent()
                        || attempts.isLocked(user.get().id, client, now) || !User.recordLogin(user.get().id, now)) {
                    throw mfaFailed();
                }
                attempts.succeeded(user.get().id, client);
                TokenResponse tokens = issuePair(user.get(), sessions.start(user.get().id, now,
                        new Sessions.Authentication(List.of("pwd", "otp"), client)));
                audit.record(AuditType.LOGIN_SUCCEEDED, user.get().id, client, Map.of("amr", "pwd,otp"));
                return tokens;
            }
        }
    }

    private static ProblemException mfaFailed() {
        return new ProblemException(ProblemType.MFA_VERIFICATION_FAILED,
                "The login challenge is unknown, expired or already used, or the code is not correct.");
    }

    private void failed(LoginFailure reason, UUID userId, ClientInfo client) {
        audit.record(AuditType.LOGIN_FAILED, userId, client, Map.of("reason", reason.label()));
        metrics.counter("accounts.login.failures", "reason", reason.label()).increment();
    }

    /**
     * Exchanges a refresh token for a new pair in the same family ({@link RefreshTokenRotation}). A reused
     * token's family is revoked, and that must survive the 401: hence no rollback for problems.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenResponse refresh(String presented, ClientInfo client) {
        Instant now = clock.instant();
        RefreshTokenRotation.Outcome outcome = rotation.rotate(presented, now, client, userId -> User
                .<User>findByIdOptional(userId).filter(user -> user.status == UserStatus.ACTIVE).isPresent());
        if (outcome instanceof RefreshTokenRotation.RotatedInOneStatement rotated) {
            RefreshToken.Rotation holder = rotated.holder();
            refuseWithoutRequiredFactor(holder.userId(), holder.roles(), rotated.successor().session(), client, now);
            return TokenResponse.of(accessTokens.issue(holder.userId(), holder.email(), holder.roles(), rotated.successor().session()),
                    rotated.successor().token(), rotated.successor().expiresInSeconds());
        }
        if (outcome instanceof RefreshTokenRotation.Rotated rotated) {
            User user = User.findById(rotated.userId());
            refuseWithoutRequiredFactor(user.id, Set.copyOf(user.roles), rotated.successor().session(), client, now);
            return issuePair(user, rotated.successor());
        }
        throw invalidRefreshToken();
    }

    /**
     * A session whose login had no second factor, of a user whose role now requires one (a role added to
     * accounts.mfa.required-roles, or given to the user, after that login): it ends here, so that the
     * requirement reaches the sessions that predate it within one access-token lifetime. The next login
     * answers mfaEnrolmentRequired (or asks for the code, if the user has enrolled since).
     */
    private void refuseWithoutRequiredFactor(UUID userId, Set<String> roles, Sessions.SessionClaims session, ClientInfo client,
            Instant now) {
        if (!mfa.mustEnrol(roles) || session.methods().contains("otp")) {
            return;
        }
        sessions.revoke(userId, session.sessionId(), now);
        audit.record(AuditType.SESSIONS_REVOKED, userId, client, Map.of("scope", "one", "reason", "mfa-required"));
        metrics.counter("accounts.mfa.sessions.ended", "reason", "required-role").increment();
        throw new ProblemException(ProblemType.REFRESH_TOKEN_INVALID, "Your role now requires a second factor, and this "
                + "session began without one: it has ended. Log in again to set up an authenticator app.");
    }

    /**
     * Spends the lock mail's unlock link: every lock of the account goes (for every client), and its owner
     * logs in as usual. Unknown, used or expired tokens get 400 unlock-token-invalid.
     */
    public void unlock(String token, ClientInfo client) {
        if (!attempts.unlock(token, client)) {
            throw new ProblemException(ProblemType.UNLOCK_TOKEN_INVALID,
                    "This unlock link is unknown, expired or already used. Wait for the lock to end, or reset your password.");
        }
    }

    /** Revokes the family of the token; unknown tokens are ignored, so that logging out twice is harmless. */
    @Transactional
    public void logout(String presented, ClientInfo client) {
        sessions.end(presented, clock.instant()).ifPresent(userId -> audit.record(AuditType.LOGOUT, userId, client, null));
    }

    private TokenResponse issuePair(User user, Sessions.IssuedRefreshToken refresh) {
        return TokenResponse.of(accessTokens.issue(user, refresh.session()), refresh.token(), refresh.expiresInSeconds());
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

    /** How a login ended: tokens, or the reason it was refused (which the client is told only in part). */
    private sealed interface LoginOutcome {
        record LoggedIn(LoginAnswer tokens) implements LoginOutcome {
        }

        record Refused(LoginFailure reason) implements LoginOutcome {
        }
    }
}
