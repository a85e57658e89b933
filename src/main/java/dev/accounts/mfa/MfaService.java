package dev.accounts.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.codec.binary.Base32;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.mail.MailQueue;
import dev.accounts.mail.MailTemplate;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.security.SecureTokens;
import dev.accounts.user.CurrentPasswordCheck;
import dev.accounts.user.LoginAttempts;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Second factors: TOTP enrolment and confirmation, recovery codes, and the login challenge that auth/
 * starts after a right password and settles with a code. auth/ calls this; mfa/ never calls auth/.
 */
@ApplicationScoped
public class MfaService {

    static final int RECOVERY_CODES = 10;
    private static final int SECRET_BYTES = 20;
    // Per bean, not static: a static SecureRandom would be created, and seeded, while the native image
    // is built (Quarkus initializes classes at build time) and the builder refuses it.
    private final SecureRandom random = new SecureRandom();

    @Inject
    MfaConfig config;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    @Inject
    MailQueue outbox;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    LoginAttempts attempts;

    @Inject
    LoginAfterEnrolment loginAfterEnrolment;

    @Inject
    CurrentPasswordCheck passwordCheck;

    private SecretBox box;

    @PostConstruct
    void init() {
        box = config.encryptionKey().filter(key -> !key.isBlank()).map(SecretBox::new).orElse(null);
    }

    /** Production with MFA on and no key would take enrolments it cannot store: refuse to start instead. */
    void onStart(@Observes StartupEvent event) {
        if (config.enabled() && box == null && LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("MFA is enabled but no encryption key is configured: set "
                    + "ACCOUNTS_MFA_ENCRYPTION_KEY (base64 of 32 random bytes, from a Secret) or ACCOUNTS_MFA_ENABLED=false.");
        }
    }

    /** Whether the user has a confirmed factor (the login then asks for it). */
    @Transactional
    public boolean enabled(UUID userId) {
        return MfaFactor.anyConfirmed(userId);
    }

    @Transactional
    public MfaStatus status(UUID userId) {
        Optional<MfaFactor> totp = MfaFactor.totpOf(userId).filter(f -> f.confirmedAt != null);
        List<String> methods = totp.isPresent() ? List.of("totp") : List.of();
        return new MfaStatus(totp.isPresent(), methods, totp.isPresent() ? (int) RecoveryCode.unused(userId) : 0);
    }

    /**
     * A new, unconfirmed TOTP secret (replacing an earlier unconfirmed one) for the holder of an access token,
     * once the current password proves the owner asks ({@link CurrentPasswordCheck}, action
     * {@code mfa-enrolment}: a wrong one is a 400 counted in the lockout and audited). Without it, a stolen
     * access token could put the thief's app on the account, and the owner's own logins would then need the
     * thief's codes. 409 when TOTP is already on (checked before the password: no argon2 work for a request
     * that would be refused anyway).
     * Not transactional itself: argon2 runs outside any transaction.
     */
    public TotpEnrolment enrol(UUID userId, String currentPassword, ClientInfo client) {
        if (currentPassword == null) {
            throw ProblemException.invalidField("currentPassword", "is required with a bearer token");
        }
        String checkedHash = QuarkusTransaction.requiringNew().call(() -> refuseEnrolment(userId).passwordHash);
        passwordCheck.require(userId, checkedHash, currentPassword, "mfa-enrolment", client);
        return QuarkusTransaction.requiringNew().call(() -> {
            User.lockRow(userId);
            User user = refuseEnrolment(userId);
            if (!user.passwordHash.equals(checkedHash)) {
                // Changed by a concurrent request since it was checked: the "current" one no longer is.
                throw CurrentPasswordCheck.refused();
            }
            return newTotp(user);
        });
    }

    /**
     * The same for the holder of a live enrolment token (a role that requires MFA, {@link #enrolmentChallenge}),
     * without the password again: the login that issued the token checked it at most
     * accounts.mfa.enrolment-ttl ago, and the token opens nothing but enrolment.
     */
    @Transactional
    public TotpEnrolment enrolWithToken(String enrolmentToken) {
        UUID userId = liveEnrolment(enrolmentToken).map(challenge -> challenge.userId)
                .orElseThrow(MfaService::enrolmentTokenRefused);
        User.lockRow(userId);
        return newTotp(refuseEnrolment(userId));
    }

    /** The account, if a new secret may be enrolled for it now; else the 409 (MFA off, TOTP on), or 401 (gone). */
    private User refuseEnrolment(UUID userId) {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.CONFLICT, "Multi-factor authentication is switched off here.");
        }
        box();
        User user = User.<User>findByIdOptional(userId).filter(u -> u.status == UserStatus.ACTIVE)
                .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED, "The account no longer exists or is not active."));
        if (MfaFactor.totpOf(userId).filter(f -> f.confirmedAt != null).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "An authenticator app is already set up; remove it first.");
        }
        return user;
    }

    /** Stores a new, unconfirmed secret in place of an earlier unconfirmed one; in the caller's transaction. */
    private TotpEnrolment newTotp(User user) {
        UUID userId = user.id;
        MfaFactor.totpOf(userId).ifPresent(f -> {
            f.delete();
            MfaFactor.flush();
        });
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        MfaFactor factor = new MfaFactor();
        factor.id = UUID.randomUUID();
        factor.userId = userId;
        factor.kind = MfaFactor.TOTP;
        factor.secret = box().seal(secret, associated(userId));
        factor.createdAt = clock.instant();
        factor.persist();
        String base32 = new Base32().encodeToString(secret).replace("=", "");
        String issuer = config.issuer();
        String uri = "otpauth://totp/" + encode(issuer) + ":" + encode(user.email) + "?secret=" + base32 + "&issuer="
                + encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new TotpEnrolment(base32, uri, QrSvg.of(uri).orElse(null));
    }

    /** Activates the enrolled TOTP factor with a first code; answers the ten recovery codes (shown once). */
    @Transactional(dontRollbackOn = ProblemException.class)
    public RecoveryCodes confirm(UUID userId, String code, ClientInfo client) {
        return activate(userId, code, client);
    }

    /**
     * The confirmation of an enrolment that a role demanded, made with the login's enrolment token: the
     * token is used up, and the answer has the token pair that the login withheld besides the recovery codes.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public EnrolmentCompleted confirmEnrolment(String enrolmentToken, String code, ClientInfo client) {
        MfaChallenge enrolment = liveEnrolment(enrolmentToken).orElseThrow(MfaService::enrolmentTokenRefused);
        RecoveryCodes codes = activate(enrolment.userId, code, client);
        if (!MfaChallenge.use(enrolment.id, clock.instant())) {
            // A concurrent confirmation with the same token came first.
            throw enrolmentTokenRefused();
        }
        return new EnrolmentCompleted(codes.recoveryCodes(), loginAfterEnrolment.tokens(enrolment.userId, client));
    }

    private RecoveryCodes activate(UUID userId, String code, ClientInfo client) {
        User.lockRow(userId);
        MfaFactor factor = MfaFactor.totpOf(userId).filter(f -> f.confirmedAt == null)
                .orElseThrow(() -> new ProblemException(ProblemType.CONFLICT,
                        "No authenticator app is waiting for confirmation; start with POST /api/v1/users/me/mfa/totp."));
        Instant now = clock.instant();
        if (!acceptTotp(factor, code, now)) {
            throw new ProblemException(ProblemType.MFA_CODE_INVALID, "The code is not correct.");
        }
        factor.confirmedAt = now;
        RecoveryCodes codes = newRecoveryCodes(userId, now);
        audit.record(AuditType.MFA_FACTOR_ADDED, userId, client, Map.of("kind", MfaFactor.TOTP));
        metrics.counter("accounts.mfa.factors.added", "kind", MfaFactor.TOTP).increment();
        mail(userId, MailTemplate.MFA_ADDED, Map.of(), now);
        return codes;
    }

    /** Whether the roles demand a second factor (accounts.mfa.required-roles) of a user who has none. */
    public boolean mustEnrol(Set<String> roles) {
        Set<String> required = config.requiredRoles().orElse(Set.of());
        return config.enabled() && roles.stream().anyMatch(required::contains);
    }

    /**
     * A login's right password on an account whose role demands a second factor it does not have: the
     * token that opens enrolment (POST /users/me/mfa/totp and its confirmation) and nothing else. Opaque,
     * stored as its hash, it works until the confirmation uses it up or accounts.mfa.enrolment-ttl ends.
     */
    @Transactional
    public Challenge enrolmentChallenge(UUID userId) {
        metrics.counter("accounts.mfa.enrolments.required").increment();
        return newChallenge(userId, MfaChallenge.ENROLMENT, config.enrolmentTtl());
    }

    private Optional<MfaChallenge> liveEnrolment(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Optional.empty();
        }
        return MfaChallenge.live(SecureTokens.hash(token.strip()), MfaChallenge.ENROLMENT, clock.instant());
    }

    private static ProblemException enrolmentTokenRefused() {
        return new ProblemException(ProblemType.UNAUTHORIZED, "The enrolment token is unknown, expired or already used; log in again.");
    }

    /** What an administrator sees: whether the user has a confirmed authenticator app, and the codes left. */
    @Transactional
    public MfaSummary summary(UUID userId) {
        boolean totp = MfaFactor.totpOf(userId).filter(f -> f.confirmedAt != null).isPresent();
        return new MfaSummary(totp, totp ? (int) RecoveryCode.unused(userId) : 0);
    }

    /**
     * Removes the authenticator app and the recovery codes, on the current password and a current code or
     * a recovery code. That code is the second factor the action demands (it is verified now, so it is
     * more recent than any token could be). A wrong password or code counts like a wrong password at login.
     * Not transactional itself: argon2 runs outside any transaction.
     */
    public void remove(UUID userId, MfaProof proof, ClientInfo client) {
        Owner owner = prove(userId, proof, client, true);
        if (mustEnrol(owner.roles())) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "Your role requires a second factor: it cannot be removed (an administrator can replace it).");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            deleteFactors(userId);
            audit.record(AuditType.MFA_FACTOR_REMOVED, userId, client, Map.of("kind", MfaFactor.TOTP));
            metrics.counter("accounts.mfa.factors.removed", "by", "user").increment();
            outbox.enqueue(userId, owner.email(), MailTemplate.MFA_REMOVED, Map.of("by", "user"), now);
        });
    }

    /** A new set of ten recovery codes, on the same proof as {@link #remove}; the old ones stop working. */
    public RecoveryCodes regenerateRecoveryCodes(UUID userId, MfaProof proof, ClientInfo client) {
        prove(userId, proof, client, false);
        return QuarkusTransaction.requiringNew().call(() -> {
            User.lockRow(userId);
            RecoveryCodes codes = newRecoveryCodes(userId, clock.instant());
            audit.record(AuditType.MFA_RECOVERY_CODES_REGENERATED, userId, client, null);
            metrics.counter("accounts.mfa.recovery.codes.regenerated").increment();
            return codes;
        });
    }

    /**
     * An administrator removes every factor of the user, its recovery codes and open login challenges (a
     * lost phone); the user is mailed. False when the user had no confirmed factor (nothing is mailed then).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean removeByAdministrator(UUID userId, UUID actorId, ClientInfo client) {
        boolean had = MfaFactor.anyConfirmed(userId);
        deleteFactors(userId);
        if (!had) {
            return false;
        }
        Instant now = clock.instant();
        audit.record(AuditType.MFA_FACTOR_REMOVED, userId, client, Map.of("kind", MfaFactor.TOTP, "actor", actorId.toString()));
        metrics.counter("accounts.mfa.factors.removed", "by", "administrator").increment();
        mail(userId, MailTemplate.MFA_REMOVED, Map.of("by", "administrator"), now);
        return true;
    }

    private void deleteFactors(UUID userId) {
        RecoveryCode.deleteOfUser(userId);
        MfaChallenge.deleteOfUser(userId);
        MfaFactor.deleteOfUser(userId);
    }

    /**
     * A TOTP code for a step-up (POST /auth/mfa/step-up): whether it is right, once (no replay), or the
     * user has no factor. auth/ counts a wrong one in the lockout.
     */
    @Transactional
    public CodeCheck checkCode(UUID userId, String code) {
        Optional<MfaFactor> totp = MfaFactor.totpOf(userId).filter(f -> f.confirmedAt != null);
        if (totp.isEmpty()) {
            return CodeCheck.NO_FACTOR;
        }
        boolean passed = acceptTotp(totp.get(), code, clock.instant());
        metrics.counter("accounts.mfa.verifications", "method", "totp", "outcome", passed ? "passed" : "failed").increment();
        return passed ? CodeCheck.PASSED : CodeCheck.FAILED;
    }

    /**
     * Checks the current password (outside any transaction), then the code or recovery code; a failure is
     * counted in the lockout in a transaction of its own and answered with one problem, whichever was wrong.
     * A client locked out (by wrong passwords or codes) is refused without a check.
     */
    private Owner prove(UUID userId, MfaProof proof, ClientInfo client, boolean removal) {
        if ((proof.code() == null) == (proof.recoveryCode() == null)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Send the current password and exactly one of code and recoveryCode.");
        }
        Owner owner = QuarkusTransaction.requiringNew().call(() -> Owner.of(userId));
        if (!owner.hasTotp()) {
            throw new ProblemException(ProblemType.CONFLICT, "No authenticator app is set up.");
        }
        if (QuarkusTransaction.requiringNew().call(() -> attempts.isLocked(userId, client, clock.instant()))) {
            throw proofRefused();
        }
        if (!passwordHasher.verify(PasswordPolicy.normalize(proof.currentPassword()), owner.passwordHash())) {
            proofFailed(userId, client, "wrong_password");
            throw proofRefused();
        }
        boolean passed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            if (proof.recoveryCode() != null) {
                boolean used = useRecoveryCode(userId, proof.recoveryCode(), now, client, false);
                metrics.counter("accounts.mfa.verifications", "method", "recovery_code", "outcome", used ? "passed" : "failed").increment();
                return used;
            }
            boolean accepted = MfaFactor.totpOf(userId).filter(f -> f.confirmedAt != null).map(f -> acceptTotp(f, proof.code(), now)).orElse(false);
            metrics.counter("accounts.mfa.verifications", "method", "totp", "outcome", accepted ? "passed" : "failed").increment();
            return accepted;
        });
        if (!passed) {
            proofFailed(userId, client, "wrong_mfa_code");
            throw proofRefused();
        }
        QuarkusTransaction.requiringNew().run(() -> attempts.succeeded(userId, client));
        return owner;
    }

    private void proofFailed(UUID userId, ClientInfo client, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            attempts.failed(userId, client, clock.instant());
            audit.record(AuditType.MFA_VERIFICATION_FAILED, userId, client, Map.of("reason", reason));
        });
    }

    private static ProblemException proofRefused() {
        return new ProblemException(ProblemType.MFA_PROOF_INVALID, "The password or the code is not correct "
                + "(or too many wrong ones were tried from here: wait a while and try again).");
    }

    private void mail(UUID userId, MailTemplate template, Map<String, String> payload, Instant now) {
        User.<User>findByIdOptional(userId).ifPresent(user -> outbox.enqueue(user.id, user.email, template, payload, now));
    }

    /** A login's first step passed on an account with a factor: the token for its second step. */
    @Transactional
    public Challenge challenge(UUID userId) {
        return newChallenge(userId, MfaChallenge.LOGIN, config.challengeTtl());
    }

    private Challenge newChallenge(UUID userId, String purpose, Duration ttl) {
        Instant now = clock.instant();
        SecureTokens.IssuedToken token = SecureTokens.issue();
        MfaChallenge.create(userId, token.hash(), purpose, now, now.plus(ttl)).persist();
        return new Challenge(token.token(), ttl.toSeconds());
    }

    /**
     * Settles a login challenge: the user and the method that passed ({@code otp}), or a failure that says
     * whose challenge it was (so that auth/ counts it in that account's lockout). The challenge is used up
     * by a right code only; a wrong one leaves it for another try until the lockout or the expiry ends it.
     */
    @Transactional
    public Verification verify(String mfaToken, String code, String recoveryCode, ClientInfo client) {
        Instant now = clock.instant();
        Optional<MfaChallenge> found = mfaToken == null ? Optional.empty() : MfaChallenge.live(SecureTokens.hash(mfaToken), MfaChallenge.LOGIN, now);
        if (found.isEmpty()) {
            return new Verification.UnknownChallenge();
        }
        MfaChallenge challenge = found.get();
        boolean passed;
        String method;
        if (recoveryCode != null) {
            passed = useRecoveryCode(challenge.userId, recoveryCode, now, client, true);
            method = "recovery_code";
        } else {
            passed = MfaFactor.totpOf(challenge.userId).filter(f -> f.confirmedAt != null)
                    .map(f -> acceptTotp(f, code, now)).orElse(false);
            method = "totp";
        }
        metrics.counter("accounts.mfa.verifications", "method", method, "outcome", passed ? "passed" : "failed").increment();
        if (!passed) {
            return new Verification.WrongCode(challenge.userId);
        }
        if (!MfaChallenge.use(challenge.id, now)) {
            // Used by a concurrent request with another right code.
            return new Verification.UnknownChallenge();
        }
        return new Verification.Passed(challenge.userId);
    }

    /** {@code notify}: mail the owner how many are left (not when the code proves a removal or a renewal of them all). */
    private boolean useRecoveryCode(UUID userId, String presented, Instant now, ClientInfo client, boolean notify) {
        if (!RecoveryCode.use(userId, RecoveryCodeFormat.hash(presented), now)) {
            return false;
        }
        long left = RecoveryCode.unused(userId);
        audit.record(AuditType.MFA_RECOVERY_CODE_USED, userId, client, Map.of("left", left));
        metrics.counter("accounts.mfa.recovery.codes.used").increment();
        if (notify) {
            mail(userId, MailTemplate.RECOVERY_CODE_USED, Map.of("left", String.valueOf(left)), now);
        }
        return true;
    }

    /** Checks a code and records its step in one compare-and-set, so that the same code never works twice. */
    private boolean acceptTotp(MfaFactor factor, String code, Instant now) {
        byte[] secret = box().open(factor.secret, associated(factor.userId));
        OptionalLong step = Totp.match(secret, code, now, factor.lastUsedStep);
        return step.isPresent() && MfaFactor.acceptStep(factor.id, step.getAsLong());
    }

    private RecoveryCodes newRecoveryCodes(UUID userId, Instant now) {
        RecoveryCode.deleteOfUser(userId);
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = RecoveryCodeFormat.generate(random);
            RecoveryCode row = new RecoveryCode();
            row.id = UUID.randomUUID();
            row.userId = userId;
            row.codeHash = RecoveryCodeFormat.hash(code);
            row.createdAt = now;
            row.persist();
            codes.add(code);
        }
        return new RecoveryCodes(codes);
    }

    private SecretBox box() {
        if (box == null) {
            throw new ProblemException(ProblemType.SERVICE_BUSY, "Multi-factor authentication is not configured.");
        }
        return box;
    }

    private static byte[] associated(UUID userId) {
        return userId.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The mfaToken for the client (only its hash is stored) and its lifetime in seconds. */
    public record Challenge(String token, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Challenge[redacted]";
        }
    }

    /** How a step-up code ended. */
    public enum CodeCheck {
        PASSED, FAILED, NO_FACTOR
    }

    /** What a proof needs of the account, read before the password check and outside its transaction. */
    private record Owner(String email, String passwordHash, Set<String> roles, boolean hasTotp) {
        static Owner of(UUID userId) {
            User user = User.<User>findByIdOptional(userId).filter(u -> u.status == UserStatus.ACTIVE)
                    .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                            "The account of this access token does not exist or is not active."));
            boolean totp = MfaFactor.totpOf(userId).filter(f -> f.confirmedAt != null).isPresent();
            return new Owner(user.email, user.passwordHash, Set.copyOf(user.roles), totp);
        }

        @Override
        public String toString() {
            return "Owner[***]";
        }
    }

    /** How a second step ended. */
    public sealed interface Verification {
        record Passed(UUID userId) implements Verification {
        }

        record WrongCode(UUID userId) implements Verification {
        }

        record UnknownChallenge() implements Verification {
        }
    }
}
