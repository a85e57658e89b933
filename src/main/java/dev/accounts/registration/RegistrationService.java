package dev.accounts.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Returns the outcome for the metrics: "created" or "already_registered". */
    private String createOrNotify(EmailAddress email, String passwordHash, String displayName,
            SecureTokens.IssuedToken token, ClientInfo client) {
        Instant now = clock.instant();
        User.lockEmail(email);
        Optional<User> existing = User.findByEmail(email);
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

    private void notifyAlreadyRegistered(User user, ClientInfo client, Instant now) {
        Instant since = now.minus(config.registration().alreadyRegisteredNoticeInterval());
        boolean noticeSent = OutboxMail.existsSince(user.id, MailTemplate.ALREADY_REGISTERED, since);
        if (!noticeSent) {
            outbox.enqueue(user.id, user.email, MailTemplate.ALREADY_REGISTERED, Map.of(), now);
        }
        audit.record(AuditType.REGISTRATION_OF_TAKEN_EMAIL, user.id, client, Map.of("noticeQueued", !noticeSent));
    }

    /** Spends an activation token: the account becomes active. Unknown, used or expired tokens fail alike. */
    @Transactional
    public UserProfile activate(String token, ClientInfo client) {
        Instant now = clock.instant();
        String tokenHash = SecureTokens.hash(token);
        Registration registration = Registration.findByTokenHash(tokenHash)
                .filter(found -> Registration.consumeToken(found.userId, tokenHash, now))
                .orElseThrow(() -> {
                    metrics.counter("accounts.activations", "outcome", "invalid_token").increment();
                    return new ProblemException(ProblemType.ACTIVATION_TOKEN_INVALID,
                            "This activation link is unknown, expired or already used. Ask for a new activation mail.");
                });
        User user = registration.user;
        if (user.status == UserStatus.PENDING) {
            user.status = UserStatus.ACTIVE;
            user.updatedAt = now;
        }
        audit.record(AuditType.ACTIVATED, user.id, client, null);
        metrics.counter("accounts.activations", "outcome", "activated").increment();
        return UserProfile.of(user, now);
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

    private Map<String, String> activationMail(SecureTokens.IssuedToken token) {
        return LinkMail.payload(config.registration().activationLinkTemplate(), token.token(),
                config.registration().activationTokenTtl());
    }
}
