package dev.accounts.passwordreset;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.user.SingleUseToken;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A password reset link sent by mail: the SHA-256 of its token, valid once until it expires. */
@Entity
@Table(name = "password_resets")
@NamedQuery(name = "PasswordReset.byHash", query = "from PasswordReset where tokenHash = :hash")
@NamedQuery(name = "PasswordReset.use", query = """
        update PasswordReset set usedAt = :now where id = :id and usedAt is null and expiresAt > :now
        """)
@NamedQuery(name = "PasswordReset.deleteUnused", query = "delete from PasswordReset where userId = :userId and usedAt is null")
public class PasswordReset extends SingleUseToken {

    /** A new reset for the token hash; the caller persists it. */
    public static PasswordReset create(UUID userId, String tokenHash, Instant now, Instant expiresAt) {
        return fill(new PasswordReset(), userId, tokenHash, now, expiresAt);
    }

    /** The reset of this token hash while it may still be used. */
    public static Optional<PasswordReset> findUsable(String tokenHash, Instant now) {
        return find("#PasswordReset.byHash", Parameters.with("hash", tokenHash)).<PasswordReset>firstResultOptional()
                .filter(reset -> reset.usedAt == null && reset.expiresAt.isAfter(now));
    }

    /**
     * Spends the token in one conditional UPDATE, so that of concurrent uses exactly one wins (no
     * check-then-act). False when it was used meanwhile or has expired.
     */
    public static boolean use(UUID id, Instant now) {
        return update("#PasswordReset.use", Parameters.with("id", id).and("now", now)) == 1;
    }

    /** Drops the user's unused resets: only the latest link works, and none after a successful reset. */
    public static void deleteUnused(UUID userId) {
        delete("#PasswordReset.deleteUnused", Parameters.with("userId", userId));
    }
}
