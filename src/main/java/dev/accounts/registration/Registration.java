package dev.accounts.registration;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.http.ClientInfo;
import dev.accounts.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/**
 * The one-to-one extension of a {@link User} made when the person registers (Django's
 * {@code UserRegistrationModel}). It shares the user's primary key, and the database deletes it with
 * the user ({@code ON DELETE CASCADE}).
 */
@Entity
@Table(name = "registrations")
@NamedQuery(name = "Registration.byTokenHash", query = "from Registration where activationTokenHash = :hash")
@NamedQuery(name = "Registration.consumeToken", query = """
        update Registration set activatedAt = :now, activationTokenHash = null, activationTokenExpiresAt = null
        where userId = :userId and activationTokenHash = :hash and activatedAt is null and activationTokenExpiresAt > :now
        """)
public class Registration extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    /** SHA-256 (hex) of the activation token; the token itself is only ever in the mail. */
    @Column(name = "activation_token_hash", length = 64)
    public String activationTokenHash;

    @Column(name = "activation_token_expires_at")
    public Instant activationTokenExpiresAt;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "registered_ip", length = 45)
    public String registeredIp;

    @Column(name = "registered_user_agent", length = ClientInfo.MAX_USER_AGENT_LENGTH)
    public String registeredUserAgent;

    /**
     * The registration of a new account, made now by this client (null when no request made it); the
     * caller gives it a token and persists it.
     */
    public static Registration start(User user, ClientInfo client, Instant now) {
        Registration registration = new Registration();
        registration.user = user;
        registration.registeredAt = now;
        if (client != null) {
            registration.registeredIp = client.ip();
            registration.registeredUserAgent = client.userAgent();
        }
        return registration;
    }

    public static Optional<Registration> findByTokenHash(String tokenHash) {
        return find("#Registration.byTokenHash", Parameters.with("hash", tokenHash)).firstResultOptional();
    }

    public static Optional<Registration> findByUser(User user) {
        return findByIdOptional(user.id);
    }

    /**
     * Spends the activation token in one conditional UPDATE, so that of several concurrent uses exactly
     * one wins (no check-then-act). False when the token was already used, replaced or has expired.
     */
    public static boolean consumeToken(UUID userId, String tokenHash, Instant now) {
        return update("#Registration.consumeToken",
                Parameters.with("userId", userId).and("hash", tokenHash).and("now", now)) == 1;
    }

    /** Gives this registration a new activation token, which replaces any earlier one; returns it. */
    public Registration replaceToken(String tokenHash, Instant expiresAt) {
        activationTokenHash = tokenHash;
        activationTokenExpiresAt = expiresAt;
        return this;
    }
}
