package dev.accounts.passwordreset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.mail.LinkMail;
import dev.accounts.mail.MailQueue;
import dev.accounts.mail.MailTemplate;
import dev.accounts.mail.OutboxMail;
import dev.accounts.mail.PasswordChangedMail;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.registration.RegistrationService;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.security.SecureTokens;
import dev.accounts.session.Sessions;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.LoginAttempts;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Forgotten passwords: a mail with a single-use link, then a new password. Asking never tells whether
 * the address has an account; completing it revokes every refresh token of the account.
 */
@ApplicationScoped
public class PasswordResetService {

    private static final String INVALID_TOKEN = "This password reset link is unknown, expired or already used. "
            + "Ask for a new one.";

    @Inject
    AccountsConfig config;

    @Inject
    PasswordPolicy passwordPolicy;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    MailQueue outbox;

    @Inject
    Sessions sessions;

    @Inject
    AuditLog audit;

    @Inject
    RegistrationService registrations;

    @Inject
    LoginAttempts attempts;

    @Inject
    Clock clock;

    /**
     * Mails a reset link to an active or pending account; a new link replaces any earlier unused one. A
     * reset of a pending account proves the mailbox as activation does: confirming it activates the account.
     */
    @Transactional
    public void requestReset(String emailInput, ClientInfo client) {
        EmailAddress email = EmailAddress.parse(emailInput)
                .orElseThrow(() -> ProblemException.invalidField("email", "must be a valid email address"));
        User.lockEmail(email);
        Optional<User> active = User.findByEmail(email).filter(PasswordResetService::resettable);
        if (active.isEmpty()) {
            // Writes too (the same delete, on no account, and the audit event), so that this answer costs
            // a committed write like the one for an active account: a read-only transaction commits without
            // waiting for the WAL flush, and the difference told which addresses have accounts.
            PasswordReset.deleteUnused(UUID.randomUUID());
            audit.record(AuditType.PASSWORD_RESET_REQUESTED, null, client, Map.of("account", "none"));
            return;
        }
        User user = active.get();
        Instant now = clock.instant();
        Duration interval = config.passwordReset().mailInterval();
        if (!interval.isZero() && OutboxMail.existsSince(user.id, MailTemplate.PASSWORD_RESET, now.minus(interval))) {
            // Mail bombing: the link sent moments ago still works; the answer is the same 202.
            audit.record(AuditType.PASSWORD_RESET_REQUESTED, user.id, client, Map.of("mailQueued", false));
            return;
        }
        Duration ttl = config.passwordReset().tokenTtl();
        SecureTokens.IssuedToken token = SecureTokens.issue();
        PasswordReset.deleteUnused(user.id);
        PasswordReset.create(user.id, token.hash(), now, now.plus(ttl)).persist();
        outbox.enqueue(user.id, user.email, MailTemplate.PASSWORD_RESET,
                LinkMail.payload(config.passwordReset().linkTemplate(), token.token(), ttl), now, now.plus(ttl));
        audit.record(AuditType.PASSWORD_RESET_REQUESTED, user.id, client, null);
    }

    /**
     * Sets the new password of the reset's account. The token is looked up and the password checked and
     * hashed first, outside any transaction; the token is spent afterwards, atomically, with the change.
     */
    public void confirm(PasswordResetConfirmation confirmation, ClientInfo client) {
        String tokenHash = SecureTokens.hash(confirmation.token());
        Target target = QuarkusTransaction.requiringNew().call(() -> PasswordReset.findUsable(tokenHash, clock.instant())
                .flatMap(reset -> User.<User>findByIdOptional(reset.userId)
                        .filter(PasswordResetService::resettable)
                        .map(user -> new Target(reset.id, user.id, user.emailNormalized, user.displayName))))
                .orElseThrow(PasswordResetService::invalidToken);
        String newPassword = PasswordPolicy.normalize(confirmation.newPassword());
        Optional<String> refused = passwordPolicy.check(newPassword, target.normalizedEmail(), target.displayName());
        if (refused.isPresent()) {
            throw ProblemException.invalidField("newPassword", refused.get());
        }
        String newHash = passwordHasher.hash(newPassword);
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            if (!PasswordReset.use(target.resetId(), now)) {
                throw invalidToken();
            }
            User user = User.<User>findByIdOptional(target.userId())
                    .filter(PasswordResetService::resettable)
                    .orElseThrow(PasswordResetService::invalidToken);
            user.passwordHash = newHash;
            user.updatedAt = now;
            // Whoever reset the password proved they own the mailbox: a brute-force lock no longer helps, for
            // any client (the lock mail says so).
            user.failedLoginCount = 0;
            user.lockedUntil = null;
            attempts.clearAll(user.id);
            PasswordReset.deleteUnused(user.id);
            sessions.revokeAll(user.id, now);
            audit.record(AuditType.PASSWORD_RESET, user.id, client, null);
            // A pending account: the mailbox is proven and the password its owner's own, so it is active now.
            registrations.activatedByPasswordReset(user.id, client, now);
            outbox.enqueue(user.id, user.email, MailTemplate.PASSWORD_CHANGED, PasswordChangedMail.payload(now,
                    PasswordChangedMail.How.RESET, config.passwordReset().requestPageUrl()), now);
        });
    }

    /** Active accounts, and pending ones (their owner may not have the activation mail any more); never disabled ones. */
    private static boolean resettable(User user) {
        return user.status == UserStatus.ACTIVE || user.status == UserStatus.PENDING;
    }

    private static ProblemException invalidToken() {
        return new ProblemException(ProblemType.RESET_TOKEN_INVALID, INVALID_TOKEN);
    }

    private record Target(UUID resetId, UUID userId, String normalizedEmail, String displayName) {
    }
}
