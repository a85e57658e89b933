package dev.accounts.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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
        update RefreshToken set rotatedAt = coalesce(rotatedAt, :now), replacedBy = :successor
        where id = :id and revokedAt is null and expiresAt > :now
        and (rotatedAt is null or (:reuseAllowed = true and rotatedAt > :reuseSince))
        """)
@NamedQuery(name = "RefreshToken.revokeFamily", query = """
        update RefreshToken set revokedAt = :now where familyId = :familyId and revokedAt is null
        """)
@NamedQuery(name = "RefreshToken.revokeAllOfUser", query = """
        update RefreshToken set revokedAt = :now where userId = :userId and revokedAt is null
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

    /** The token issued in exchange for this one (the last, when the reuse interval allowed several). */
    @Column(name = "replaced_by")
    public UUID replacedBy;

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
     * Exchanges the token for its successor in one conditional UPDATE, so that of concurrent uses only
     * those the rules allow win (no check-then-act): the token must be live and not yet rotated, or, with a
     * reuse interval, rotated less than that long ago. False when it may not be exchanged.
     *
     * <p>Without an interval the test is "not yet rotated" alone, not "rotated after now": a concurrent
     * transaction may have read the clock a moment later than this one, and must still lose.
     */
    public static boolean rotate(UUID id, UUID successor, Instant now, Duration reuseInterval) {
        boolean reuseAllowed = reuseInterval.isPositive();
        return update("#RefreshToken.rotate", Parameters.with("id", id).and("successor", successor).and("now", now)
                .and("reuseAllowed", reuseAllowed).and("reuseSince", now.minus(reuseAllowed ? reuseInterval : Duration.ZERO)))
                == 1;
    }

    /** Revokes every live token of the family; returns how many. */
    public static int revokeFamily(UUID familyId, Instant now) {
        return update("#RefreshToken.revokeFamily", Parameters.with("familyId", familyId).and("now", now));
    }

    /** Revokes every live token of the user (password change or reset, disabling). */
    public static int revokeAllOfUser(UUID userId, Instant now) {
        return update("#RefreshToken.revokeAllOfUser", Parameters.with("userId", userId).and("now", now));
    }
}
