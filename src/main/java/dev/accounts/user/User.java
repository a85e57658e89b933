package dev.accounts.user;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.hibernate.annotations.BatchSize;

import dev.accounts.db.AdvisoryLocks;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.ConstructorResult;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Query;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "users")
@NamedQuery(name = "User.byNormalizedEmail", query = "from User where emailNormalized = :email")
@NamedQuery(name = "User.recordLogin", query = """
        update User set lastLoginAt = :now, failedLoginCount = 0, lockedUntil = null
        where id = :id and (lockedUntil is null or lockedUntil <= :now)
        """)
@NamedQuery(name = "User.upgradePasswordHash",
        query = "update User set passwordHash = :upgraded where id = :id and passwordHash = :current")
@NamedQuery(name = "User.countAdmins", query = "select count(u) from User u join u.roles r where r = 'admin'")
@NamedQuery(name = "User.countActiveAdminsExcept", query = """
        select count(u) from User u join u.roles r where r = 'admin' and u.status = :status and u.id <> :id
        """)
@SqlResultSetMapping(name = ProfileRow.MAPPING, classes = @ConstructorResult(targetClass = ProfileRow.class, columns = {
        @ColumnResult(name = "id", type = UUID.class), @ColumnResult(name = "email", type = String.class),
        @ColumnResult(name = "display_name", type = String.class), @ColumnResult(name = "status", type = String.class),
        @ColumnResult(name = "created_at", type = Instant.class), @ColumnResult(name = "last_login_at", type = Instant.class),
        @ColumnResult(name = "activated_at", type = Instant.class), @ColumnResult(name = "roles", type = String.class) }))
public class User extends PanacheEntityBase {

    /** Every account has it. */
    public static final String DEFAULT_ROLE = "user";
    /** Opens the admin endpoints; the named queries spell it too. */
    public static final String ADMIN_ROLE = "admin";
    /** Role names are [a-z][a-z0-9_-]* up to this length (user_roles.role). */
    public static final int MAX_ROLE_LENGTH = 64;
    /** Roles an account may have: the {@value #DEFAULT_ROLE} role and as many as an administrator may set besides. */
    public static final int MAX_ROLES = 21;

    @Id
    public UUID id;

    /** As the person typed it (trimmed, NFKC): RFC 5321 local parts may be case-sensitive. */
    @Column(nullable = false, length = 254)
    public String email;

    /** {@link EmailAddress#normalized()}: unique, what every look-up compares. */
    @Column(name = "email_normalized", nullable = false, length = 254)
    public String emailNormalized;

    /** PHC string, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$...}. */
    @Column(name = "password_hash", nullable = false, length = 512)
    public String passwordHash;

    @Column(name = "display_name", length = 100)
    public String displayName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public UserStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "failed_login_count", nullable = false)
    public int failedLoginCount;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Version
    public long version;

    // Batch-loaded, so that a page of 200 users costs one roles query, not 200.
    @BatchSize(size = 200)
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_roles", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role", length = 64)
    public Set<String> roles = new HashSet<>();

    /** A new, pending account with the default role; the caller persists it. */
    public static User newPending(EmailAddress email, String passwordHash, String displayName, Instant now) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email.value();
        user.emailNormalized = email.normalized();
        user.passwordHash = passwordHash;
        user.displayName = displayName;
        user.status = UserStatus.PENDING;
        user.createdAt = now;
        user.updatedAt = now;
        user.roles.add(DEFAULT_ROLE);
        return user;
    }

    public static Optional<User> findByEmail(EmailAddress email) {
        return find("#User.byNormalizedEmail", Parameters.with("email", email.normalized())).firstResultOptional();
    }

    /**
     * The profile of an active account in one statement (the user, its activation time, its roles), or
     * empty when the account is gone or not active. Needs no transaction: GET /users/me is what clients
     * poll, and as three queries in a transaction it cost PostgreSQL four round trips.
     */
    public static Optional<UserProfile> findActiveProfile(UUID id) {
        List<?> rows = getEntityManager().createNativeQuery("""
                SELECT u.id, u.email, u.display_name, u.status, u.created_at, u.last_login_at, r.activated_at,
                       (SELECT string_agg(ur.role, ',' ORDER BY ur.role) FROM user_roles ur WHERE ur.user_id = u.id) AS roles
                FROM users u LEFT JOIN registrations r ON r.user_id = u.id
                WHERE u.id = :id AND u.status = 'ACTIVE'
                """, ProfileRow.MAPPING).setParameter("id", id).getResultList();
        return rows.stream().findFirst().map(row -> ((ProfileRow) row).toProfile());
    }

    /**
     * When the account was activated through its registration, or empty (pending, or imported without
     * one). Plain SQL: the registration extends the user, and the user need not know its entity.
     */
    public static Optional<Instant> activatedAt(UUID id) {
        List<?> rows = getEntityManager().createNativeQuery("SELECT activated_at FROM registrations WHERE user_id = :id",
                Instant.class).setParameter("id", id).getResultList();
        // No registration row, or one not activated yet (a NULL): empty either way.
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable((Instant) rows.get(0));
    }

    /** Accounts with the admin role, whatever their status. */
    public static long countAdmins() {
        return count("#User.countAdmins");
    }

    /** Active administrators other than this account: the last one may not be demoted or erased. */
    public static long countActiveAdminsExcept(UUID id) {
        return count("#User.countActiveAdminsExcept", Parameters.with("status", UserStatus.ACTIVE).and("id", id));
    }

    /** Advisory-lock key of the set of administrators ("acct-adm" in ASCII, the bootstrap's key too). */
    public static final long ADMIN_SET_LOCK = 0x616363742d61646dL;

    /**
     * Serializes, until the transaction ends and on every replica, every change that could take an
     * administrator away (demotion, disabling, erasure): the check "another active admin remains" and the
     * change then cannot interleave, so concurrent requests cannot remove every active administrator.
     * Call it before reading the accounts the check is about.
     */
    public static void lockAdminSet() {
        AdvisoryLocks.lockForTransaction(ADMIN_SET_LOCK);
    }

    /** Whether this account is an active administrator (the one kind the last of which must stay). */
    public boolean isActiveAdmin() {
        return status == UserStatus.ACTIVE && roles.contains(ADMIN_ROLE);
    }

    /**
     * Takes the account's row lock until the transaction ends, so that read-then-replace changes of what
     * hangs off one account (its authenticator app, its recovery codes) run one after the other: two
     * concurrent enrolments would otherwise both delete the same pending secret, or both insert one.
     */
    public static Optional<User> lockRow(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** As {@link #findByEmail}, holding the row lock until the transaction ends. */
    public static Optional<User> findByEmailForUpdate(EmailAddress email) {
        return find("#User.byNormalizedEmail", Parameters.with("email", email.normalized()))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /**
     * Sets last_login_at and clears the failed-login count, unless a lock started meanwhile (then false).
     * No version bump: concurrent logins of one account must not fail each other with an
     * optimistic-locking conflict.
     */
    public static boolean recordLogin(UUID id, Instant now) {
        return update("#User.recordLogin", Parameters.with("id", id).and("now", now)) == 1;
    }

    /**
     * Counts a failed login account-wide in one atomic UPDATE (concurrent failures cannot lose a count)
     * and, from the {@code threshold}-th consecutive failure on, locks the account everywhere: for
     * {@code initial}, doubled for each failure beyond the threshold, at most {@code max}. A failure
     * {@code decay} after the previous one (or after the end of its lock) counts from 1 again. While a
     * lock lasts nothing is counted, so that a lock starts once. The account-wide counter of
     * {@link LoginAttempts}.
     *
     * @return the new count and locked_until, or empty when no row was counted: the account is locked, or
     *         there is no such account (the login of an unknown address runs this too, so that it costs the same)
     */
    static Optional<Object[]> recordFailedLogin(UUID id, Instant now, int threshold, Duration initial,
            Duration max, Duration decay) {
        String count = "(CASE WHEN GREATEST(last_failed_login_at, locked_until) <= CAST(:now AS timestamptz)"
                + " - make_interval(secs => :decaySeconds) THEN 1 ELSE failed_login_count + 1 END)";
        List<?> rows = getEntityManager().createNativeQuery("""
                UPDATE users SET failed_login_count = %1$s,
                    last_failed_login_at = :now,
                    locked_until = CASE WHEN %1$s >= :threshold
                        THEN CAST(:now AS timestamptz) + make_interval(secs => LEAST(CAST(:maxSeconds AS double precision),
                            :initialSeconds * power(2, LEAST(%1$s - :threshold, 40))))
                        ELSE NULL END
                WHERE id = :id AND (locked_until IS NULL OR locked_until <= :now)
                RETURNING failed_login_count, locked_until
                """.formatted(count))
                .setParameter("id", id)
                .setParameter("now", now)
                .setParameter("threshold", threshold)
                .setParameter("initialSeconds", (double) initial.toSeconds())
                .setParameter("maxSeconds", (double) max.toSeconds())
                .setParameter("decaySeconds", (double) decay.toSeconds())
                .getResultList();
        return rows.stream().findFirst().map(row -> (Object[]) row);
    }

    /**
     * Counts a wrong current password on a password change in one atomic UPDATE; a failure {@code decay}
     * after the previous one counts from 1 again. Returns the count after this failure (0: no such account).
     */
    static int recordPasswordChangeFailure(UUID id, Instant now, Duration decay) {
        List<?> rows = getEntityManager().createNativeQuery("""
                UPDATE users SET password_change_failures = CASE
                        WHEN last_password_change_failure_at <= CAST(:now AS timestamptz) - make_interval(secs => :decaySeconds)
                        THEN 1 ELSE password_change_failures + 1 END,
                    last_password_change_failure_at = :now
                WHERE id = :id
                RETURNING password_change_failures
                """)
                .setParameter("id", id)
                .setParameter("now", now)
                .setParameter("decaySeconds", (double) decay.toSeconds())
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
    }

    /** The password changed, or the session that failed was ended: the count starts over. */
    static void clearPasswordChangeFailures(UUID id) {
        getEntityManager().createNativeQuery("""
                UPDATE users SET password_change_failures = 0, last_password_change_failure_at = NULL
                WHERE id = :id AND password_change_failures <> 0
                """).setParameter("id", id).executeUpdate();
    }

    /**
     * Replaces a password hash by one of the same password with the current parameters, unless the
     * password changed meanwhile (then the newer hash stays). Like {@link #recordLogin}, no version bump.
     */
    public static void upgradePasswordHash(UUID id, String current, String upgraded) {
        update("#User.upgradePasswordHash", Parameters.with("id", id).and("current", current).and("upgraded", upgraded));
    }

    /**
     * Deletes the account row; the database's ON DELETE CASCADE takes its registration, roles, tokens,
     * resets and queued mail, and ON DELETE SET NULL detaches its audit events. Plain SQL on purpose, so
     * that the schema, not Hibernate, decides what goes with the account.
     */
    public static boolean erase(UUID id) {
        return getEntityManager().createNativeQuery("DELETE FROM users WHERE id = :id")
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /**
     * Serializes, until the transaction ends, every transaction that creates or changes the account of
     * this address, on every replica. Registration relies on it: the check "is the address free?" and the
     * insert then cannot interleave, and neither can the "one notice an hour" check and its mail.
     */
    public static void lockEmail(EmailAddress email) {
        AdvisoryLocks.lockForTransaction(email.lockKey());
    }

    /**
     * A page of accounts in (created_at, id) order, starting after the given position: keyset pagination,
     * so a page costs the same at any depth and rows inserted meanwhile neither shift nor repeat the
     * others. {@code query} matches an email prefix or a display-name substring, case-insensitively
     * (indexes: users_email_normalized_prefix_idx, users_display_name_trgm_idx).
     */
    @SuppressWarnings("unchecked")
    public static List<User> page(String query, UserStatus status, Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM users WHERE true");
        Map<String, Object> parameters = new HashMap<>();
        if (query != null && !query.isBlank()) {
            String pattern = escapeLike(Normalizer.normalize(query.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
            sql.append(" AND (email_normalized LIKE :prefix ESCAPE '\\' OR lower(display_name) LIKE :substring ESCAPE '\\')");
            parameters.put("prefix", pattern + "%");
            parameters.put("substring", "%" + pattern + "%");
        }
        if (status != null) {
            sql.append(" AND status = :status");
            parameters.put("status", status.name());
        }
        if (afterCreatedAt != null) {
            sql.append(" AND (created_at, id) > (:afterCreatedAt, :afterId)");
            parameters.put("afterCreatedAt", afterCreatedAt);
            parameters.put("afterId", afterId);
        }
        sql.append(" ORDER BY created_at, id LIMIT :limit");
        parameters.put("limit", limit);
        Query search = getEntityManager().createNativeQuery(sql.toString(), User.class);
        parameters.forEach(search::setParameter);
        return search.getResultList();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
