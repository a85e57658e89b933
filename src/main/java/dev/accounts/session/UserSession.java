package dev.accounts.session;

import java.time.Instant;
import java.util.List;
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
 * A session: one refresh-token family ({@code id} is its {@code family_id}) with when and how the user
 * authenticated. Every access token of the session carries {@code createdAt} as {@code auth_time}, {@code amr}
 * and {@code id} as {@code sid}; refreshes keep them and only move {@code lastUsedAt}.
 */
@Entity
@Table(name = "sessions")
@NamedQuery(name = "UserSession.liveOfUser", query = """
        from UserSession s where s.userId = :userId and s.createdAt > :bornAfter
        and exists (select 1 from RefreshToken t where t.familyId = s.id and t.revokedAt is null
                    and t.rotatedAt is null and t.expiresAt > :now)
        order by s.createdAt desc, s.id
        """)
@NamedQuery(name = "UserSession.touch", query = "update UserSession set lastUsedAt = :now where id = :id and lastUsedAt < :now")
public class UserSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** When the user authenticated: the {@code auth_time} of the session's access tokens. */
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** RFC 8176 authentication methods, comma-separated. */
    @Column(name = "amr", nullable = false, length = 64)
    public String amr;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    @Column(name = "ip", length = 45)
    public String ip;

    @Column(name = "user_agent", length = 512)
    public String userAgent;

    public static Optional<UserSession> findSession(UUID id) {
        return findByIdOptional(id);
    }

    /** The user's sessions that still hold a usable refresh token and are within the absolute lifetime, newest first. */
    public static List<UserSession> liveOfUser(UUID userId, Instant bornAfter, Instant now) {
        return find("#UserSession.liveOfUser", Parameters.with("userId", userId).and("bornAfter", bornAfter).and("now", now))
                .list();
    }

    static void touch(UUID id, Instant now) {
        update("#UserSession.touch", Parameters.with("id", id).and("now", now));
    }

    public List<String> methods() {
        return List.of(amr.split(","));
    }
}
