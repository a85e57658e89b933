package dev.accounts.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Makes the first administrator from {@code accounts.bootstrap-admin.email} and {@code .password} when no
 * account has the admin role yet. Replicas starting together serialize on one advisory lock, so exactly
 * one creates it; later starts find an admin and do nothing. If the address already has an account (say,
 * someone registered it first), that account becomes the admin with the configured password, so a
 * squatter's password stops working.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    @Inject
    AccountsConfig config;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    PasswordPolicy passwordPolicy;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent event) {
        Optional<String> email = config.bootstrapAdmin().email();
        Optional<String> password = config.bootstrapAdmin().password();
        if (email.isEmpty() || password.isEmpty()) {
            return;
        }
        EmailAddress address = EmailAddress.parse(email.get()).orElseThrow(() -> new IllegalStateException(
                "accounts.bootstrap-admin.email is not a valid email address"));
        if (QuarkusTransaction.requiringNew().call(BootstrapAdmin::adminExists)) {
            return;
        }
        // The same rules as every other password: a weak bootstrap password is the admin's password.
        String normalized = PasswordPolicy.normalize(password.get());
        passwordPolicy.check(normalized, address.normalized(), "Administrator").ifPresent(reason -> {
            throw new IllegalStateException("accounts.bootstrap-admin.password is refused by the password policy: it " + reason);
        });
        String hash = passwordHasher.hash(normalized);
        QuarkusTransaction.requiringNew().run(() -> createOrPromote(address, hash));
    }

    private static boolean adminExists() {
        return User.countAdmins() > 0;
    }

    private void createOrPromote(EmailAddress address, String passwordHash) {
        // The lock of every change to the set of administrators.
        User.lockAdminSet();
        if (adminExists()) {
            return;
        }
        Instant now = clock.instant();
        User admin = User.findByEmail(address).orElse(null);
        if (admin == null) {
            admin = User.newPending(address, passwordHash, "Administrator", now);
            admin.persist();
        } else {
            LOG.warnf("bootstrap admin: the address already had account %s; it becomes the admin, with the configured password",
                    admin.id);
            admin.passwordHash = passwordHash;
        }
        admin.status = UserStatus.ACTIVE;
        admin.roles.add(User.ADMIN_ROLE);
        admin.updatedAt = now;
        audit.record(AuditType.ADMIN_BOOTSTRAPPED, admin.id, null, null);
        LOG.infof("bootstrap admin: account %s has the admin role", admin.id);
    }
}
