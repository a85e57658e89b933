package dev.accounts.mfa;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A single-use recovery code, stored as the SHA-256 of its canonical form ({@link RecoveryCodeFormat}: 120
 * random bits, so no slow hash is needed; ASVS 5.0 6.5.2 asks a salted password hash only below 112).
 */
@Entity
@Table(name = "mfa_recovery_codes")
// Single use under concurrency: of N requests with the same code, one updates the row.
@NamedQuery(name = "RecoveryCode.use", query = """
        update RecoveryCode set usedAt = :now where userId = :userId and codeHash = :hash and usedAt is null
        """)
@NamedQuery(name = "RecoveryCode.unused", query = "select count(*) from RecoveryCode where userId = :userId and usedAt is null")
@NamedQuery(name = "RecoveryCode.deleteOfUser", query = "delete from RecoveryCode where userId = :userId")
public class RecoveryCode extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "code_hash", nullable = false)
    public String codeHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;

    static boolean use(UUID userId, String hash, Instant now) {
        return update("#RecoveryCode.use", Parameters.with("userId", userId).and("hash", hash).and("now", now)) == 1;
    }

    static long unused(UUID userId) {
        return count("#RecoveryCode.unused", Parameters.with("userId", userId));
    }

    static void deleteOfUser(UUID userId) {
        delete("#RecoveryCode.deleteOfUser", Parameters.with("userId", userId));
    }

    @Override
    public String toString() {
        return "RecoveryCode[id=" + id + ", codeHash=***]";
    }
}
