package dev.accounts.user;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * The columns every single-use token shares (the password reset and unlock links, the MFA challenges): the
 * SHA-256 of a 256-bit token, its account, and when it was made, expires and was used. Each kind keeps a
 * table and named queries of its own, so that a query can never spend one kind's token as another's.
 */
@MappedSuperclass
public abstract class SingleUseToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "token_hash", nullable = false, length = 64)
    public String tokenHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** Sets a new token's columns (a fresh id, not yet used); the caller persists it. */
    protected static <T extends SingleUseToken> T fill(T token, UUID userId, String tokenHash, Instant now,
            Instant expiresAt) {
        token.id = UUID.randomUUID();
        token.userId = userId;
        token.tokenHash = tokenHash;
        token.createdAt = now;
        token.expiresAt = expiresAt;
        return token;
    }
}
