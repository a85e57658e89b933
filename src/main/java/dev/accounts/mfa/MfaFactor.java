package dev.accounts.mfa;

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

/** A second factor of a user; {@code kind} 'totp' for now (passkeys later get their own kind). */
@Entity
@Table(name = "user_mfa_factors")
@NamedQuery(name = "MfaFactor.ofUserAndKind", query = "from MfaFactor where userId = :userId and kind = :kind")
@NamedQuery(name = "MfaFactor.deleteOfUser", query = "delete from MfaFactor where userId = :userId")
@NamedQuery(name = "MfaFactor.confirmedOfUser", query = "select count(*) from MfaFactor where userId = :userId and confirmedAt is not null")
// The compare-and-set that makes a code single-use: two requests with the same code, one row updated.
@NamedQuery(name = "MfaFactor.acceptStep", query = """
        update MfaFactor set lastUsedStep = :step
        where id = :id and (lastUsedStep is null or lastUsedStep < :step)
        """)
public class MfaFactor extends PanacheEntityBase {

    static final String TOTP = "totp";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String kind;

    /** AES-GCM ciphertext ({@link SecretBox}). */
    @Column(nullable = false)
    public byte[] secret;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "last_used_step")
    public Long lastUsedStep;

    static Optional<MfaFactor> totpOf(UUID userId) {
        return find("#MfaFactor.ofUserAndKind", Parameters.with("userId", userId).and("kind", TOTP)).firstResultOptional();
    }

    static boolean anyConfirmed(UUID userId) {
        return count("#MfaFactor.confirmedOfUser", Parameters.with("userId", userId)) > 0;
    }

    static void deleteOfUser(UUID userId) {
        delete("#MfaFactor.deleteOfUser", Parameters.with("userId", userId));
    }

    static boolean acceptStep(UUID id, long step) {
        return update("#MfaFactor.acceptStep", Parameters.with("id", id).and("step", step)) == 1;
    }

    @Override
    public String toString() {
        return "MfaFactor[id=" + id + ", kind=" + kind + ", secret=***]";
    }
}
