package dev.accounts.user;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The "unlock" link of a lock mail: the SHA-256 of its 256-bit token, valid once until it expires. The
 * database deletes it with the account (ON DELETE CASCADE).
 */
@Entity
@Table(name = "unlock_tokens")
@NamedQuery(name = "UnlockToken.byHash", query = "from UnlockToken where tokenHash = :hash")
@NamedQuery(name = "UnlockToken.use", query = """
        update UnlockToken set usedAt = :now where id = :id and usedAt is null and expiresAt > :now
        """)
@NamedQuery(name = "UnlockToken.deleteUnused", query = "delete from UnlockToken where userId = :userId and usedAt is null")
public class UnlockToken extends SingleUseToken {

    /** A new unlock token for the hash; the caller persists it. */
    static UnlockToken create(UUID userId, String tokenHash, Instant now, Instant expiresAt) {
        return fill(new UnlockToken(), userId, tokenHash, now, expiresAt);
    }

    static Optional<UnlockToken> findByHash(String tokenHash) {
        return find("#UnlockToken.byHash", Parameters.with("hash", tokenHash)).firstResultOptional();
    }

    /** Spends the token in one conditional UPDATE: of concurrent uses exactly one wins; false when spent or expired. */
    static boolean use(UUID id, Instant now) {
        return update("#UnlockToken.use", Parameters.with("id", id).and("now", now)) == 1;
    }

    /** A new lock mail's link replaces the unused ones of earlier mails. */
    static void deleteUnused(UUID userId) {
        delete("#UnlockToken.deleteUnused", Parameters.with("userId", userId));
    }
}
