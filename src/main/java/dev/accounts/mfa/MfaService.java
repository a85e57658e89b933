package dev.accounts.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.apache.commons.codec.binary.Base32;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.SecureTokens;
import dev.accounts.security.Sha256;
import dev.accounts.user.User;
import io.micrometer.core.instrument.MeterRegistry;
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
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    @Inject
    MfaConfig config;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

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

    /** A new, unconfirmed TOTP secret (replacing an earlier unconfirmed one); 409 when TOTP is already on. */
    @Transactional
    public TotpEnrolment enrol(UUID userId) {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.CONFLICT, "Multi-factor authentication is switched off here.");
        }
        User user = User.<User>findByIdOptional(userId)
                .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED, "The account no longer exists."));
        Optional<MfaFactor> existing = MfaFactor.totpOf(userId);
        if (existing.isPresent() && existing.get().confirmedAt != null) {
            throw new ProblemException(ProblemType.CONFLICT, "An authenticator app is already set up; remove it first.");
        }
        existing.ifPresent(f -> {
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
        return new TotpEnrolment(base32, uri);
    }

    /** Activates the enrolled TOTP factor with a first code; answers the ten recovery codes (shown once). */
    @Transactional(dontRollbackOn = ProblemException.class)
    public RecoveryCodes confirm(UUID userId, String code, ClientInfo client) {
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
        return codes;
    }

    /** A login's first step passed on an account with a factor: the token for its second step. */
    @Transactional
    public Challenge challenge(UUID userId) {
        Instant now = clock.instant();
        SecureTokens.IssuedToken token = SecureTokens.issue();
        MfaChallenge challenge = new MfaChallenge();
        challenge.id = UUID.randomUUID();
        challenge.userId = userId;
        challenge.tokenHash = token.hash();
        challenge.createdAt = now;
        challenge.expiresAt = now.plus(config.challengeTtl());
        challenge.persist();
        return new Challenge(token.token(), config.challengeTtl().toSeconds());
    }

    /**
     * Settles a login challenge: the user and the method that passed ({@code otp}), or a failure that says
     * whose challenge it was (so that auth/ counts it in that account's lockout). The challenge is used up
     * by a right code only; a wrong one leaves it for another try until the lockout or the expiry ends it.
     */
    @Transactional
    public Verification verify(String mfaToken, String code, String recoveryCode, ClientInfo client) {
        Instant now = clock.instant();
        Optional<MfaChallenge> found = mfaToken == null ? Optional.empty() : MfaChallenge.live(SecureTokens.hash(mfaToken), now);
        if (found.isEmpty()) {
            return new Verification.UnknownChallenge();
        }
        MfaChallenge challenge = found.get();
        boolean passed;
        String method;
        if (recoveryCode != null) {
            passed = useRecoveryCode(challenge.userId, recoveryCode, now, client);
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

    private boolean useRecoveryCode(UUID userId, String presented, Instant now, ClientInfo client) {
        String normalized = presented.strip().toLowerCase().replace("-", "");
        if (!RecoveryCode.use(userId, Sha256.hex(normalized), now)) {
            return false;
        }
        long left = RecoveryCode.unused(userId);
        audit.record(AuditType.MFA_RECOVERY_CODE_USED, userId, client, Map.of("left", left));
        metrics.counter("accounts.mfa.recovery.codes.used").increment();
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
            StringBuilder code = new StringBuilder();
            // 16 characters of a 31-letter alphabet: about 79 bits, shown as xxxx-xxxx-xxxx-xxxx.
            for (int c = 0; c < 16; c++) {
                code.append(RECOVERY_ALPHABET.charAt(random.nextInt(RECOVERY_ALPHABET.length())));
            }
            RecoveryCode row = new RecoveryCode();
            row.id = UUID.randomUUID();
            row.userId = userId;
            row.codeHash = Sha256.hex(code.toString());
            row.createdAt = now;
            row.persist();
            codes.add(String.join("-", code.substring(0, 4), code.substring(4, 8), code.substring(8, 12), code.substring(12)));
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
