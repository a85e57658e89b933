package dev.accounts.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.security.SecureTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Sessions are refresh-token families: a password login starts one, each refresh continues it
 * ({@link RefreshTokenRotation}), logout ends it, and a password change or reset, or disabling the account,
 * ends them all. Every feature that ends sessions calls this, so that "revoke" means one thing.
 *
 * <p>A session lives at most {@code accounts.auth.session-max-lifetime} from its login whatever its
 * refreshes, and a user holds at most {@code accounts.auth.max-sessions-per-user}: a new login ends the
 * oldest beyond that.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Sessions {

    @Inject
    AccountsConfig config;

    /** A new family for the user, with its first refresh token, recording how the user authenticated. */
    public IssuedRefreshToken start(UUID userId, Instant now, Authentication authentication) {
        evictBeyondCap(userId, now);
        UserSession session = new UserSession();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.amr = String.join(",", authentication.methods());
        session.ip = authentication.client() == null ? null : authentication.client().ip();
        session.userAgent = authentication.client() == null ? null : authentication.client().userAgent();
        session.persist();
        return issue(UUID.randomUUID(), userId, session, now);
    }

    /** The live token of the family that replaces a rotated one; {@code id} is the successor the rotation recorded. */
    IssuedRefreshToken continueFamily(UUID id, UUID userId, UserSession session, SecureTokens.IssuedToken refresh,
            Instant now) {
        UserSession.touch(session.id, now);
        return issue(id, userId, session, refresh, now);
    }

    /** When a refresh token issued now for a session that began at {@code authTime} expires. */
    Instant refreshExpiry(Instant authTime, Instant now) {
        Instant sliding = now.plus(config.auth().refreshTokenTtl());
        Instant absolute = authTime.plus(config.auth().sessionMaxLifetime());
        return sliding.isBefore(absolute) ? sliding : absolute;
    }

    /** Sessions that began at or before this are over, whatever their refresh tokens say. */
    Instant bornAfter(Instant now) {
        return now.minus(config.auth().sessionMaxLifetime());
    }

    /** The user's live sessions, newest first. */
    public List<UserSession> live(UUID userId, Instant now) {
        return UserSession.liveOfUser(userId, bornAfter(now), now);
    }

    /** Ends one session of the user; false when the user has no such session (unknown, or another user's). */
    public boolean revoke(UUID userId, UUID sessionId, Instant now) {
        Optional<UserSession> session = UserSession.findSession(sessionId).filter(s -> s.userId.equals(userId));
        session.ifPresent(s -> RefreshToken.revokeFamily(s.id, now));
        return session.isPresent();
    }

    /** Ends every session of the user but {@code keep} (null: all of them); returns how many tokens died. */
    public int revokeAllExcept(UUID userId, UUID keep, Instant now) {
        if (keep == null) {
            return revokeAll(userId, now);
        }
        return RefreshToken.revokeAllOfUserExcept(userId, keep, now);
    }

    /**
     * Ends every session of the user (password change or reset, disabling, sign out everywhere), and with
     * them every access token issued before now; returns how many refresh tokens died.
     */
    public int revokeAll(UUID userId, Instant now) {
        invalidateAccessTokens(userId, now);
        return RefreshToken.revokeAllOfUser(userId, now);
    }

    /**
     * Access tokens of the user issued before now stop opening /users/me and /admin ({@link FreshTokenFilter}),
     * for a change their claims do not show yet (a demotion): a refresh issues one that does. iat has whole
     * seconds; a token issued in the same second as the change still passes, the next second's do not.
     */
    public void invalidateAccessTokens(UUID userId, Instant now) {
        UserSession.getEntityManager().createNativeQuery("""
                UPDATE users SET sessions_valid_after = greatest(sessions_valid_after, date_trunc('second', CAST(:now AS timestamptz)))
                WHERE id = :id
                """).setParameter("now", now).setParameter("id", userId).executeUpdate();
    }

    /** Ends the session of the presented token; the user whose session it was, or empty for an unknown token. */
    public Optional<UUID> end(String presented, Instant now) {
        return RefreshToken.findByHash(SecureTokens.hash(presented)).map(token -> {
            RefreshToken.revokeFamily(token.familyId, now);
            return token.userId;
        });
    }

    /** Leaves room for one more session: ends the oldest live ones beyond the cap minus one. */
    private void evictBeyondCap(UUID userId, Instant now) {
        List<UserSession> live = live(userId, now);
        int keep = Math.max(0, config.auth().maxSessionsPerUser() - 1);
        for (UserSession old : live.subList(Math.min(keep, live.size()), live.size())) {
            RefreshToken.revokeFamily(old.id, now);
        }
    }

    private IssuedRefreshToken issue(UUID id, UUID userId, UserSession session, Instant now) {
        return issue(id, userId, session, SecureTokens.issue(), now);
    }

    private IssuedRefreshToken issue(UUID id, UUID userId, UserSession session, SecureTokens.IssuedToken refresh,
            Instant now) {
        Instant expiresAt = refreshExpiry(session.createdAt, now);
        RefreshToken.create(id, refresh.hash(), userId, session.id, now, expiresAt).persist();
        return new IssuedRefreshToken(refresh.token(), expiresAt.getEpochSecond() - now.getEpochSecond(), claims(session));
    }

    static SessionClaims claims(UserSession session) {
        return new SessionClaims(session.id, session.createdAt, session.methods());
    }

    /** How the user authenticated: RFC 8176 method names ({@code pwd}) and the client that did. */
    public record Authentication(List<String> methods, ClientInfo client) {
        public static Authentication password(ClientInfo client) {
            return new Authentication(List.of("pwd"), client);
        }
    }

    /** What every access token of a session says about it: {@code sid}, {@code auth_time}, {@code amr}. */
    public record SessionClaims(UUID sessionId, Instant authTime, List<String> methods) {
    }

    /** The opaque token for the client (only its hash is stored), its lifetime in seconds, and its session. */
    public record IssuedRefreshToken(String token, long expiresInSeconds, SessionClaims session) {
        @Override
        public String toString() {
            return "IssuedRefreshToken[redacted]";
        }
    }
}
