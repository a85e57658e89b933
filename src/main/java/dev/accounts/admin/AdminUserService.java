package dev.accounts.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.mfa.MfaService;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.registration.Registration;
import dev.accounts.session.SessionService;
import dev.accounts.session.Sessions;
import dev.accounts.user.AccountErasure;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** What administrators do with accounts. */
@ApplicationScoped
@Transactional
public class AdminUserService {

    @Inject
    AuditLog audit;

    @Inject
    Sessions sessions;

    @Inject
    AccountErasure erasure;

    @Inject
    Clock clock;

    @Inject
    SessionService sessionService;

    @Inject
    MfaService mfa;

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    public UserPage list(String query, UserStatus status, int limit, String cursorText) {
        UserPage.Cursor cursor = null;
        if (cursorText != null && !cursorText.isBlank()) {
            cursor = UserPage.Cursor.decode(cursorText.strip())
                    .orElseThrow(() -> ProblemException.invalidField("cursor", "is not a cursor from a previous page"));
        }
        // One row more than asked tells whether a next page exists, without a count query.
        List<User> rows = User.page(query, status, cursor == null ? null : cursor.createdAt(),
                cursor == null ? null : cursor.id(), limit + 1);
        boolean more = rows.size() > limit;
        List<User> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            User last = page.get(page.size() - 1);
            next = new UserPage.Cursor(last.createdAt, last.id).encode();
        }
        return new UserPage(page.stream().map(AdminUserView::of).toList(), next);
    }

    public AdminUserDetail get(UUID id) {
        User user = existing(id);
        return AdminUserDetail.of(user, Registration.findByUser(user).orElse(null), mfa.summary(user.id));
    }

    /**
     * Changes status and roles. Disabling revokes every refresh token at once (access tokens expire within
     * minutes and are refused by /users/me already). The last active administrator cannot be demoted or
     * disabled: nobody could undo it. Changes to the set of administrators are serialized (see
     * {@link User#lockAdminSet}), and the actor is checked again under that lock: an admin demoted or
     * disabled by a concurrent request acts no more.
     */
    public AdminUserDetail update(UUID id, AdminUserUpdate update, UUID actorId, ClientInfo client) {
        User.lockAdminSet();
        requireActiveAdmin(actorId);
        User user = existing(id);
        UserStatus status = update.status() != null ? update.status() : user.status;
        Set<String> roles = new TreeSet<>(update.roles() != null ? update.roles() : user.roles);
        roles.add(User.DEFAULT_ROLE);
        boolean staysAdmin = status == UserStatus.ACTIVE && roles.contains(User.ADMIN_ROLE);
        if (user.isActiveAdmin() && !staysAdmin && otherActiveAdmins(user.id) == 0) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "This is the last active administrator; make another one first.");
        }
        Instant now = clock.instant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actor", actorId.toString());
        if (status != user.status) {
            details.put("status", status.name());
            if (status == UserStatus.DISABLED) {
                sessions.revokeAll(user.id, now);
            }
            user.status = status;
        }
        if (!roles.equals(new TreeSet<>(user.roles))) {
            details.put("roles", List.copyOf(roles));
            if (user.roles.contains(User.ADMIN_ROLE) && !roles.contains(User.ADMIN_ROLE)) {
                // The demoted admin's unexpired tokens still say admin: refuse them from now on.
                sessions.invalidateAccessTokens(user.id, now);
            }
            user.roles.clear();
            user.roles.addAll(roles);
        }
        user.updatedAt = now;
        audit.record(AuditType.ADMIN_UPDATED_USER, user.id, client, details);
        return AdminUserDetail.of(user, Registration.findByUser(user).orElse(null), mfa.summary(user.id));
    }

    /** Erases the account as self-deletion does; the audit event keeps who did it. */
    public void delete(UUID id, UUID actorId, ClientInfo client) {
        User.lockAdminSet();
        requireActiveAdmin(actorId);
        User user = existing(id);
        if (user.isActiveAdmin() && otherActiveAdmins(user.id) == 0) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "This is the last active administrator; make another one first.");
        }
        erasure.erase(user.id, client, Map.of("actor", actorId.toString()));
    }

    /** Ends every session of the account ("sign out everywhere", by an administrator). */
    public void endSessions(UUID id, UUID actorId, ClientInfo client) {
        User user = existing(id);
        sessionService.revokeAllExcept(user.id, null, actorId, client);
    }

    /** Removes every second factor of the account (a lost phone); audited with the administrator, the owner mailed. */
    public void removeMfa(UUID id, UUID actorId, ClientInfo client) {
        User user = existing(id);
        mfa.removeByAdministrator(user.id, actorId, client);
    }

    private static User existing(UUID id) {
        return User.<User>findByIdOptional(id)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No user with id " + id + "."));
    }

    /** The actor as of now, under the admin-set lock: still an active administrator, or 403. */
    private static void requireActiveAdmin(UUID actorId) {
        boolean admin = User.<User>findByIdOptional(actorId).map(User::isActiveAdmin).orElse(false);
        if (!admin) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The account no longer is an active administrator.");
        }
    }

    private static long otherActiveAdmins(UUID except) {
        return User.countActiveAdminsExcept(except);
    }
}
