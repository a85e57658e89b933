package dev.accounts.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.mail.LinkMail;
import dev.accounts.mail.MailQueue;
import dev.accounts.mail.MailTemplate;
import dev.accounts.mail.OutboxMail;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.security.SecureTokens;
import dev.accounts.user.DisplayNames;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserProfile;
import dev.accounts.user.UserStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Self-registration and activation. Registering never tells whether an address is taken: a new address
 * gets an activation mail, a taken one an "already registered" notice, and the caller the same answer,
 * after the same password hashing.
 */
@ApplicationScoped
public class RegistrationService {

    private static final Logger LOG = Logger.getLogger(RegistrationService.class);
    static final String INVALID_FIELDS = "The request has invalid fields.";

    @Inject
    AccountsConfig config;

    @Inject
    PasswordPolicy passwordPolicy;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    MailQueue outbox;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** accounts_registrations_total and accounts_activations_total, by outcome (a handful of fixed values). */
    @Inject
    MeterRegistry metrics;

    /**
     * Registers a new account, or notifies the owner of an existing one. The password is hashed before
     * the transaction starts, so that no database connection waits on argon2.
     */
    public void register(RegistrationRequest request, ClientInfo client) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Optional<EmailAddress> email = EmailAddress.parse(request.email());
        if (email.isEmpty()) {
            errors.add(new Problem.FieldError("email", "must be a valid email address"));
        }
        String password = PasswordPolicy.normalize(request.password());
        email.flatMap(address -> passwordPolicy.check(password, address.normalized(), request.displayName()))
                .ifPresent(reason -> errors.add(new Problem.FieldError("password", reason)));
        Optional<String> displayName = DisplayNames.clean(request.displayName());
        if (request.displayName() != null && displayName.isEmpty() && !request.displayName().isBlank()) {
            errors.add(new Problem.FieldError("displayName", DisplayNames.RULE));
        }
        if (!errors.isEmpty()) {
            metrics.counter("accounts.registrations", "outcome", "invalid").increment();
            throw new ProblemException(ProblemType.VALIDATION_FAILED, INVALID_FIELDS, errors);
        }

        String passwordHash = passwordHasher.hash(password);
        SecureTokens.IssuedToken token = SecureTokens.issue();
        String outcome = QuarkusTransaction.requiringNew().call(() ->
                createOrNotify(email.get(), passwordHash, displayName.orElse(null), token, client));
        metrics.counter("accounts.registrations", "outcome", outcome).increment();
    }

    /** Returns the outcome for the metrics: "created", "pending_replaced" or "already_registered". */
    private String createOrNotify(EmailAddress email, String passwordHash, String displayName,
            SecureTokens.IssuedToken token, ClientInfo client) {
        Instant now = clock.instant();
        User.lockEmail(email);
        Optional<User> existing = User.findByEmail(email);
        if (existing.isPresent() && existing.get().status == UserStatus.PENDING) {
            replacePending(existing.get(), passwordHash, displayName, token, client, now);
            return "pending_replaced";
        }
        if (existing.isPresent()) {
            notifyAlreadyRegistered(existing.get(), client, now);
            return "already_registered";
        }
        User user = User.newPending(email, passwordHash, displayName, now);
        user.persist();
        Registration.start(user, client, now)
                .replaceToken(token.hash(), now.plus(config.registration().activationTokenTtl()))
                .persist();
        outbox.enqueue(user.id, user.email, MailTemplate.ACTIVATION, activationMail(token), now,
                now.plus(config.registration().activationTokenTtl()));
        audit.record(AuditType.REGISTERED, user.id, client, null);
        LOG.debugf("registered user %s", user.id);
        return "created";
    }

    /**
     * A new registration of an address whose account is still pending (expired or not) starts it over: the
     * latest registrant's password and display name replace the earlier ones, and a new activation token
     * replaces the old one, which dies. Whoever registered first (perhaps a squatter) keeps nothing; and
     * since activation sets the password anyway, neither does the latest registrant unless they hold the
     * mailbox. Within accounts.registration.activation-mail-interval of the last activation mail the token
     * and that mail stay (mail bombing); the password is replaced all the same.
     */
    private void replacePending(User user, String passwordHash, String displayName, SecureTokens.IssuedToken token,
            ClientInfo client, Instant now) {
        user.passwordHash = passwordHash;
        user.displayName = displayName;
        user.updatedAt = now;
        Registration registration = Registration.findByUser(user).orElseGet(() -> Registration.start(user, client, now));
        registration.registeredAt = now;
        registration.registeredIp = client == null ? null : client.ip();
        registration.registeredUserAgent = client == null ? null : client.userAgent();
        Duration interval = config.registration().activationMailInterval();
        boolean mailSentMomentsAgo = !interval.isZero()
                && OutboxMail.existsSince(user.id, MailTemplate.ACTIVATION, now.minus(interval))
                && registration.activationTokenExpiresAt != null && registration.activationTokenExpiresAt.isAfter(now);
        if (!mailSentMomentsAgo) {
            registration.replaceToken(token.hash(), now.plus(config.registration().activationTokenTtl()));
            outbox.enqueue(user.id, user.email, MailTemplate.ACTIVATION, activationMail(token), now);
        }
        registration.persist();
        audit.record(AuditType.REGISTERED, user.id, client, Map.of("replacedPending", true, "mailQueued", !mailSentMomentsAgo));
        LOG.debugf("registration replaced pending user %s", user.id);
    }

    private void notifyAlreadyRegistered(User user, ClientInfo client, Instant now) {
        Instant since = now.minus(config.registration().alreadyRegisteredNoticeInterval());
        boolean noticeSent = OutboxMail.existsSince(user.id, MailTemplate.ALREADY_REGISTERED, since);
        if (!noticeSent) {
            outbox.enqueue(user.id, user.email, MailTemplate.ALREADY_REGISTERED, Map.of(), now);
        }
        audit.record(AuditType.REGISTRATION_OF_TAKEN_EMAIL, user.id, client, Map.of("noticeQueued", !noticeSent));
    }

    /**
     * Spends an activation token and sets the account's password: the account becomes active with the
     * password its mailbox's owner typed now, never the one typed at registration by whoever that was (a
     * squatter who registered someone else's address, README "Pre-account hijacking"). As a password reset
     * does: the token is looked up and the password checked and hashed first, outside any transaction (an
     * unknown token costs no argon2), and the token is spent afterwards, atomically, with the change.
     * Unknown, used or expired tokens fail alike.
     */
    public UserProfile activate(String token, String password, ClientInfo client) {
        String tokenHash = SecureTokens.hash(token);
        Target target = QuarkusTransaction.requiringNew().call(() -> Registration.findByTokenHash(tokenHash)
                .filter(found -> found.activatedAt == null && found.activationTokenExpiresAt != null
                        && found.activationTokenExpiresAt.isAfter(clock.instant()))
                .map(found -> new Target(found.userId, found.user.emailNormalized, found.user.displayName)))
                .orElseThrow(this::invalidToken);
        String normalized = PasswordPolicy.normalize(password);
        Optional<String> refused = passwordPolicy.check(normalized, target.normalizedEmail(), target.displayName());
        if (refused.isPresent()) {
            metrics.counter("accounts.activations", "outcome", "invalid").increment();
            throw ProblemException.invalidField("password", refused.get());
        }
        String passwordHash = passwordHasher.hash(normalized);
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            if (!Registration.consumeToken(target.userId(), tokenHash, now)) {
                // Spent, or replaced by a newer registration or mail, since it was looked up.
                throw invalidToken();
            }
            User user = User.findById(target.userId());
            if (user == null) {
                // Erased meanwhile (its registration went with it, so this is only a guard).
                throw invalidToken();
            }
            user.passwordHash = passwordHash;
            if (user.status == UserStatus.PENDING) {
                user.status = UserStatus.ACTIVE;
            }
            user.updatedAt = now;
            audit.record(AuditType.ACTIVATED, user.id, client, null);
            metrics.counter("accounts.activations", "outcome", "activated").increment();
            return UserProfile.of(user, now);
        });
    }

    /**
     * A password reset of a pending account proves the mailbox as activation does, and has just set a
     * password its owner chose: the account becomes active, its registration activated (its token dies).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void activatedByPasswordReset(UUID userId, ClientInfo client, Instant now) {
        User user = User.findById(userId);
        if (user == null || user.status != UserStatus.PENDING) {
            return;
        }
        user.status = UserStatus.ACTIVE;
        user.updatedAt = now;
        Registration registration = Registration.findByUser(user).orElseGet(() -> Registration.start(user, null, now));
        registration.activatedAt = now;
        registration.replaceToken(null, null).persist();
        audit.record(AuditType.ACTIVATED, user.id, client, Map.of("by", "password-reset"));
        metrics.counter("accounts.activations", "outcome", "activated_by_reset").increment();
    }

    private ProblemException invalidToken() {
        metrics.counter("accounts.activations", "outcome", "invalid_token").increment();
        return new ProblemException(ProblemType.ACTIVATION_TOKEN_INVALID,
                "This activation link is unknown, expired or already used. Ask for a new activation mail.");
    }

    /** Sends a fresh activation mail to a pending account; the new token replaces the old one. */
    @Transactional
    public void resendActivation(String emailInput, ClientInfo client) {
        EmailAddress email = EmailAddress.parse(emailInput)
                .orElseThrow(() -> ProblemException.invalidField("email", "must be a valid email address"));
        User.lockEmail(email);
        Optional<User> pending = User.findByEmail(email).filter(user -> user.status == UserStatus.PENDING);
        if (pending.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        User user = pending.get();
        Duration interval = config.registration().activationMailInterval();
        if (!interval.isZero() && OutboxMail.existsSince(user.id, MailTemplate.ACTIVATION, now.minus(interval))) {
            // Mail bombing: the mail sent moments ago still works; the answer is the same 202.
            audit.record(AuditType.ACTIVATION_MAIL_REQUESTED, user.id, client, Map.of("mailQueued", false));
            return;
        }
        // An account made otherwise (an import of a pending user) has no registration yet: it gets one now.
        Registration registration = Registration.findByUser(user).orElseGet(() -> Registration.start(user, null, now));
        SecureTokens.IssuedToken token = SecureTokens.issue();
        registration.replaceToken(token.hash(), now.plus(config.registration().activationTokenTtl())).persist();
        outbox.enqueue(user.id, user.email, MailTemplate.ACTIVATION, activationMail(token), now,
                now.plus(config.registration().activationTokenTtl()));
        audit.record(AuditType.ACTIVATION_MAIL_REQUESTED, user.id, client, null);
    }

    private record Target(UUID userId, String normalizedEmail, String displayName) {
    }

    private Map<String, String> activationMail(SecureTokens.IssuedToken token) {
        return LinkMail.payload(config.registration().activationLinkTemplate(), token.token(),
                config.registration().activationTokenTtl());
    }
}
