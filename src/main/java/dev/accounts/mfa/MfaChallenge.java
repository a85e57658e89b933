package dev.accounts.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.user.SingleUseToken;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The state between a login's password step and its second factor ({@code purpose} 'login', the mfaToken), or
 * between the password step and the enrolment a role demands ('enrolment', accounts.mfa.required-roles); the
 * client holds the token, we its hash. A token is looked up with its purpose: one never passes for the other.
 */
@Entity
@Table(name = "mfa_challenges")
@NamedQuery(name = "MfaChallenge.live", query = "from MfaChallenge where tokenHash = :hash and purpose = :purpose and usedAt is null and expiresAt > :now")
@NamedQuery(name = "MfaChallenge.deleteOfUser", query = "delete from MfaChallenge where userId = :userId")
@NamedQuery(name = "MfaChallenge.use", query = "update MfaChallenge set usedAt = :now where id = :id and usedAt is null")
public class MfaChallenge extends SingleUseToken {

    static final String LOGIN = "login";
    static final String ENROLMENT = "enrolment";

    @Column(nullable = false)
    public String purpose;

    /** A new challenge for the token hash; the caller persists it. */
    static MfaChallenge create(UUID userId, String tokenHash, String purpose, Instant now, Instant expiresAt) {
        MfaChallenge challenge = fill(new MfaChallenge(), userId, tokenHash, now, expiresAt);
        challenge.purpose = purpose;
        return challenge;
    }

    static Optional<MfaChallenge> live(String hash, String purpose, Instant now) {
        List<MfaChallenge> found = list("#MfaChallenge.live", Parameters.with("hash", hash).and("purpose", purpose).and("now", now));
        return found.stream().findFirst();
    }

    static void deleteOfUser(UUID userId) {
        delete("#MfaChallenge.deleteOfUser", Parameters.with("userId", userId));
    }

    static boolean use(UUID id, Instant now) {
        return update("#MfaChallenge.use", Parameters.with("id", id).and("now", now)) == 1;
    }

    @Override
    public String toString() {
        return "MfaChallenge[id=" + id + ", tokenHash=***]";
    }
}
