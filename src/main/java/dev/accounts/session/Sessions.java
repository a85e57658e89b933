package dev.accounts.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.config.AccountsConfig;
import dev.accounts.security.SecureTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Sessions are refresh-token families: a password login starts one, each refresh continues it
 * ({@link RefreshTokenRotation}), logout ends it, and a password change or reset, or disabling the account,
 * ends them all. Every feature that ends sessions calls this, so that "revoke" means one thing.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Sessions {

    @Inject
    AccountsConfig config;

    /** A new family for the user, with its first refresh token. */
    public IssuedRefreshToken start(UUID userId, Instant now) {
        return issue(UUID.randomUUID(), userId, UUID.randomUUID(), now);
    }

    /** The live token of the family that replaces a rotated one; {@code id} is the successor the rotation recorded. */
    IssuedRefreshToken continueFamily(UUID id, UUID userId, UUID familyId, Instant now) {
        return issue(id, userId, familyId, now);
    }

    /** Ends every session of the user (password change or reset, disabling); returns how many tokens died. */
    public int revokeAll(UUID userId, Instant now) {
        return RefreshToken.revokeAllOfUser(userId, now);
    }

    /** Ends the session of the presented token; the user whose session it was, or empty for an unknown token. */
    public Optional<UUID> end(String presented, Instant now) {
        return RefreshToken.findByHash(SecureTokens.hash(presented)).map(token -> {
            RefreshToken.revokeFamily(token.familyId, now);
            return token.userId;
        });
    }

    private IssuedRefreshToken issue(UUID id, UUID userId, UUID familyId, Instant now) {
        SecureTokens.IssuedToken refresh = SecureTokens.issue();
        Instant expiresAt = now.plus(config.auth().refreshTokenTtl());
        RefreshToken.create(id, refresh.hash(), userId, familyId, now, expiresAt).persist();
        return new IssuedRefreshToken(refresh.token(), config.auth().refreshTokenTtl().toSeconds());
    }

    /** The opaque token for the client (only its hash is stored) and its lifetime in seconds. */
    public record IssuedRefreshToken(String token, long expiresInSeconds) {
        @Override
        public String toString() {
            return "IssuedRefreshToken[redacted]";
        }
    }
}
