package dev.accounts.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.session.Sessions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Self-service on one's own account: profile, password, erasure. */
@ApplicationScoped
public class UserService {

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    PasswordPolicy passwordPolicy;

    @Inject
    AuditLog audit;

    @Inject
    Sessions sessions;

    @Inject
    AccountErasure erasure;

    @Inject
    Clock clock;

    /** One statement, outside any transaction (see {@link User#findActiveProfile}). */
    public UserProfile profile(UUID userId) {
        return User.findActiveProfile(userId).orElseThrow(UserService::notActive);
    }

    /** Applies the display name; {@code ""} removes it, null leaves it as it is. */
    @Transactional
    public UserProfile updateProfile(UUID userId, ProfileUpdate update) {
        User user = active(userId);
        if (update.displayName() != null) {
            String name = null;
            if (!update.displayName().isBlank()) {
                name = DisplayNames.clean(update.displayName())
                        .orElseThrow(() -> ProblemException.invalidField("displayName", DisplayNames.RULE));
            }
            if (!Objects.equals(name, user.displayName)) {
                user.displayName = name;
                user.updatedAt = clock.instant();
            }
        }
        return profileOf(user);
    }

    /**
     * Replaces the password after checking the current one, and revokes every refresh token of the
     * account: whoever else held a session must log in again. Both argon2 operations run outside any
     * transaction.
     */
    public void changePassword(UUID userId, PasswordChange change, ClientInfo client) {
        Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> Snapshot.of(active(userId)));
        if (!passwordHasher.verify(PasswordPolicy.normalize(change.currentPassword()), snapshot.passwordHash())) {
            throw ProblemException.invalidField("currentPassword", "is not your current password");
        }
        String newPassword = PasswordPolicy.normalize(change.newPassword());
        Optional<String> refused = passwordPolicy.check(newPassword, snapshot.normalizedEmail(), snapshot.displayName());
        if (refused.isPresent()) {
            throw ProblemException.invalidField("newPassword", refused.get());
        }
        String newHash = passwordHasher.hash(newPassword);
        QuarkusTransaction.requiringNew().run(() -> {
            User user = active(userId);
            if (!user.passwordHash.equals(snapshot.passwordHash())) {
                // Changed by a concurrent request since it was checked: the "current" one no longer is.
                throw ProblemException.invalidField("currentPassword", "is not your current password");
            }
            Instant now = clock.instant();
            user.passwordHash = newHash;
            user.updatedAt = now;
            sessions.revokeAll(userId, now);
            audit.record(AuditType.PASSWORD_CHANGED, userId, client, null);
        });
    }

    /**
     * Erases the account. The database takes the registration, roles, tokens and queued mail with it and
     * keeps the audit events, detached (user_id NULL); none of them holds the email address.
     */
    @Transactional
    public void delete(UUID userId, ClientInfo client) {
        // The last active administrator may not erase itself either: nobody could make another one.
        User.lockAdminSet();
        User user = active(userId);
        if (user.isActiveAdmin() && User.countActiveAdminsExcept(userId) == 0) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "This is the last active administrator; make another one first.");
        }
        erasure.erase(userId, client, null);
    }

    /** The account of a verified access token; one erased or disabled since the token was issued is refused. */
    private static User active(UUID userId) {
        return User.<User>findByIdOptional(userId)
                .filter(user -> user.status == UserStatus.ACTIVE)
                .orElseThrow(UserService::notActive);
    }

    private static ProblemException notActive() {
        return new ProblemException(ProblemType.UNAUTHORIZED,
                "The account of this access token does not exist or is not active.");
    }

    private static UserProfile profileOf(User user) {
        return UserProfile.of(user, User.activatedAt(user.id).orElse(null));
    }

    private record Snapshot(String normalizedEmail, String passwordHash, String displayName) {
        static Snapshot of(User user) {
            return new Snapshot(user.emailNormalized, user.passwordHash, user.displayName);
        }

        @Override
        public String toString() {
            return "Snapshot[***]";
        }
    }
}
