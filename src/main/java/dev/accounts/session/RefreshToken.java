package dev.accounts.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.hibernate.query.NativeQuery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One refresh token, stored as the SHA-256 of the opaque value the client holds. A login starts a family;
 * each refresh rotates the token (the old one records its successor) within the family; presenting a
 * rotated token again revokes the family, because one of its two holders is not the client.
 */
@Entity
@Table(name = "refresh_tokens")
@NamedQuery(name = "RefreshToken.byHash", query = "from RefreshToken where tokenHash = :hash")
@NamedQuery(name = "RefreshToken.rotate", query = """
        update RefreshToken set rotatedAt = :now, replacedBy = :successor, successorSealed = :sealed
        where id = :id and revokedAt is null and expiresAt > :now and rotatedAt is null
        """)
@NamedQuery(name = "RefreshToken.revokeFamily", query = """
        update RefreshToken set revokedAt = :now where familyId = :familyId and revokedAt is null
        """)
@NamedQuery(name = "RefreshToken.revokeAllOfUser", query = """
        update RefreshToken set revokedAt = :now where userId = :userId and revokedAt is null
        """)
@NamedQuery(name = "RefreshToken.revokeAllOfUserExcept", query = """
        update RefreshToken set revokedAt = :now where userId = :userId and familyId <> :keep and revokedAt is null
        """)
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "token_hash", nullable = false, length = 64)
    public String tokenHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** When the token was first exchanged for a new one; null while it is the family's current token. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The token issued in exchange for this one: its one successor. */
    @Column(name = "replaced_by")
    public UUID replacedBy;

    /**
     * With a reuse interval: the successor's raw value, sealed under a key only the raw value of this token
     * gives (session/SuccessorSeal), so that a concurrent refresh with this token gets the same successor.
     */
    @Column(name = "successor_sealed")
    public byte[] successorSealed;

    /** A new token of the family, for the given hash; the caller persists it. */
    public static RefreshToken create(UUID id, String tokenHash, UUID userId, UUID familyId, Instant now,
            Instant expiresAt) {
        RefreshToken token = new RefreshToken();
        token.id = id;
        token.tokenHash = tokenHash;
        token.userId = userId;
        token.familyId = familyId;
        token.issuedAt = now;
        token.expiresAt = expiresAt;
        return token;
    }

    public static Optional<RefreshToken> findByHash(String tokenHash) {
        return find("#RefreshToken.byHash", Parameters.with("hash", tokenHash)).firstResultOptional();
    }

    /**
     * Exchanges the token for its successor in one conditional UPDATE, so that of concurrent uses exactly
     * one wins (no check-then-act): the token must be live and not yet rotated. The test is "not yet
     * rotated", not "rotated after now": a concurrent transaction may have read the clock a moment later
     * than this one, and must still lose. A reuse interval does not mint a second successor: the losers
     * get the winner's (see {@link RefreshTokenRotation}). False when it may not be exchanged.
     *
     * @param sealed the successor sealed for the reuse interval (SuccessorSeal), or null without one
     */
    public static boolean rotate(UUID id, UUID successor, Instant now, byte[] sealed) {
        return update("#RefreshToken.rotate", Parameters.with("id", id).and("successor", successor).and("now", now)
                .and("sealed", sealed)) == 1;
    }

    /** Revokes every live token of the family; returns how many. */
    public static int revokeFamily(UUID familyId, Instant now) {
        return update("#RefreshToken.revokeFamily", Parameters.with("familyId", familyId).and("now", now));
    }

    /** Revokes every live token of the user (password change or reset, disabling). */
    public static int revokeAllOfUser(UUID userId, Instant now) {
        return update("#RefreshToken.revokeAllOfUser", Parameters.with("userId", userId).and("now", now));
    }

    /** Revokes every live token of the user outside the family {@code keep} ("sign out my other sessions"). */
    public static int revokeAllOfUserExcept(UUID userId, UUID keep, Instant now) {
        return update("#RefreshToken.revokeAllOfUserExcept", Parameters.with("userId", userId).and("keep", keep).and("now", now));
    }

    /**
     * The common refresh in one statement: rotates the presented token under the same conditions as
     * {@link #rotate} (and only for an active account), inserts its successor, and returns what the
     * access token needs. Empty when the token may not be exchanged, for whatever reason; the caller then
     * takes the careful path, which tells reuse (and revokes the family) from an unknown or dead token.
     *
     * <p>One round trip instead of five (find the token, the user, the roles; update; insert): the
     * refresh is the call every client makes every few minutes. Concurrent uses of one token serialize
     * on its row; the loser re-reads it as rotated and matches nothing, so it inserts nothing either.
     */
    public static Optional<Rotation> rotateAndIssue(String presentedHash, UUID successor, String successorHash,
            Instant now, Instant slidingExpiry, Duration maxLifetime, byte[] sealed) {
        // The session (family) must be within its absolute lifetime; the successor expires at the earlier of
        // the sliding expiry and the session's end; the session's last use moves to now.
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                WITH rotated AS (
                    UPDATE refresh_tokens t SET rotated_at = CAST(:now AS timestamptz),
                        replaced_by = CAST(:successor AS uuid), successor_sealed = nullif(CAST(:sealed AS bytea), ''::bytea)
                    FROM users u, sessions s
                    WHERE t.token_hash = :hash AND u.id = t.user_id AND u.status = 'ACTIVE'
                      AND s.id = t.family_id AND s.created_at > CAST(:bornAfter AS timestamptz)
                      AND t.revoked_at IS NULL AND t.expires_at > CAST(:now AS timestamptz)
                      AND t.rotated_at IS NULL
                    RETURNING t.user_id, t.family_id, u.email, s.created_at, s.amr,
                        least(CAST(:expiresAt AS timestamptz), s.created_at + make_interval(secs => :maxSeconds)) AS expires_at
                ), issued AS (
                    INSERT INTO refresh_tokens (id, token_hash, user_id, family_id, issued_at, expires_at)
                    SELECT CAST(:successor AS uuid), :successorHash, user_id, family_id, CAST(:now AS timestamptz), expires_at
                    FROM rotated
                ), touched AS (
                    UPDATE sessions s SET last_used_at = greatest(s.last_used_at, CAST(:now AS timestamptz))
                    FROM rotated r WHERE s.id = r.family_id
                )
                SELECT r.user_id, r.email,
                       (SELECT string_agg(ur.role, ',' ORDER BY ur.role) FROM user_roles ur WHERE ur.user_id = r.user_id) AS roles,
                       r.family_id, r.created_at, r.amr, r.expires_at
                FROM rotated r
                """)
                .setParameter("hash", presentedHash)
                .setParameter("successor", successor)
                .setParameter("successorHash", successorHash)
                .setParameter("now", now)
                .setParameter("expiresAt", slidingExpiry)
                .setParameter("bornAfter", now.minus(maxLifetime))
                .setParameter("maxSeconds", (double) maxLifetime.toSeconds())
                .setParameter("sealed", sealed == null ? new byte[0] : sealed)
                .unwrap(NativeQuery.class)
                .addScalar("user_id", UUID.class).addScalar("email", String.class).addScalar("roles", String.class)
                .addScalar("family_id", UUID.class).addScalar("created_at", Instant.class).addScalar("amr", String.class)
                .addScalar("expires_at", Instant.class)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Rotation((UUID) row[0], (String) row[1],
                // Role names are [a-z0-9_-]: a comma never occurs in one.
                row[2] == null ? Set.of() : Set.of(((String) row[2]).split(",")),
                (UUID) row[3], (Instant) row[4], List.of(((String) row[5]).split(",")), (Instant) row[6]));
    }

    /** Whom a rotated token belongs to: what the new access token says. */
    public record Rotation(UUID userId, String email, Set<String> roles, UUID sessionId, Instant authTime,
            List<String> methods, Instant expiresAt) {
    }
}
