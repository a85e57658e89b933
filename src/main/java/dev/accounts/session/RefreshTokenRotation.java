package dev.accounts.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.security.SecureTokens;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Exchanges a refresh token for its successor in the same family. A rotated token presented again (after
 * the reuse interval) revokes the whole family, because one of its two holders is not the client; that
 * revocation must survive the refusal, so the caller's transaction must not roll back on it. Within the
 * reuse interval a rotated token yields the successor its first rotation issued, never a second one: the
 * family keeps one live token. That successor is stored sealed under a key derived from the rotated
 * token's raw value (SuccessorSeal), which only the client holds; the retention purge clears it once
 * the interval is over.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RefreshTokenRotation {

    private static final Logger LOG = Logger.getLogger(RefreshTokenRotation.class);

    @Inject
    AccountsConfig config;

    @Inject
    Sessions sessions;

    @Inject
    AuditLog audit;

    private final SuccessorSeal seal = new SuccessorSeal();

    /** accounts_refresh_token_reuse_total. */
    @Inject
    MeterRegistry metrics;

    /** What became of a presented refresh token. */
    public sealed interface Outcome {
    }

    /** The successor, for the user whose session goes on (the careful path: the caller loads the user). */
    public record Rotated(UUID userId, Sessions.IssuedRefreshToken successor) implements Outcome {
    }

    /** The successor, with what the new access token says, read by the same single statement. */
    public record RotatedInOneStatement(RefreshToken.Rotation holder, Sessions.IssuedRefreshToken successor)
            implements Outcome {
    }

    /** Unknown, expired, revoked, reused, or its account may not hold sessions (then the family is revoked). */
    public record Refused() implements Outcome {
    }

    /**
     * @param holderMayContinue whether the token's user may still hold a session (active); when not, the
     *        family is revoked
     */
    public Outcome rotate(String presented, Instant now, ClientInfo client, Predicate<UUID> holderMayContinue) {
        // The common case in one statement (rotate, insert the successor, read the holder's roles); anything
        // else (unknown, expired, revoked, reused, account not active) falls through to the checks below,
        // which say which it was.
        SecureTokens.IssuedToken next = SecureTokens.issue();
        String presentedHash = SecureTokens.hash(presented);
        Optional<RefreshToken.Rotation> rotated = RefreshToken.rotateAndIssue(presentedHash,
                UUID.randomUUID(), next.hash(), now, now.plus(config.auth().refreshTokenTtl()),
                config.auth().sessionMaxLifetime(), sealFor(presented, presentedHash, next.token()));
        if (rotated.isPresent()) {
            RefreshToken.Rotation holder = rotated.get();
            return new RotatedInOneStatement(holder, new Sessions.IssuedRefreshToken(next.token(),
                    holder.expiresAt().getEpochSecond() - now.getEpochSecond(),
                    new Sessions.SessionClaims(holder.sessionId(), holder.authTime(), holder.methods())));
        }
        RefreshToken token = RefreshToken.findByHash(presentedHash).orElse(null);
        if (token == null) {
            return new Refused();
        }
        if (!holderMayContinue.test(token.userId)) {
            RefreshToken.revokeFamily(token.familyId, now);
            return new Refused();
        }
        UserSession session = UserSession.findSession(token.familyId).orElse(null);
        if (session == null || !session.createdAt.isAfter(sessions.bornAfter(now))) {
            // Past the absolute lifetime: refused like an expired token, whatever the token's own expiry.
            RefreshToken.revokeFamily(token.familyId, now);
            return new Refused();
        }
        if (token.rotatedAt == null) {
            UUID successor = UUID.randomUUID();
            SecureTokens.IssuedToken fresh = SecureTokens.issue();
            if (RefreshToken.rotate(token.id, successor, now, sealFor(presented, presentedHash, fresh.token()))) {
                return new Rotated(token.userId, sessions.continueFamily(successor, token.userId, session, fresh, now));
            }
            // See what made the update miss, as committed by whichever transaction got there first.
            RefreshToken.getEntityManager().refresh(token);
        }
        if (token.revokedAt != null || token.rotatedAt == null || !token.expiresAt.isAfter(now)) {
            return new Refused();
        }
        Optional<Sessions.IssuedRefreshToken> sameSuccessor = successorWithinInterval(token, presented, session, now);
        if (sameSuccessor.isPresent()) {
            return new Rotated(token.userId, sameSuccessor.get());
        }
        revokeReusedFamily(token, now, client);
        return new Refused();
    }

    /**
     * With a reuse interval, the successor that the token's first rotation issued, sealed for whoever holds
     * the token (SuccessorSeal): empty without one, after the interval, or when the successor is dead.
     */
    private Optional<Sessions.IssuedRefreshToken> successorWithinInterval(RefreshToken token, String presented,
            UserSession session, Instant now) {
        Duration interval = config.auth().refreshTokenReuseInterval();
        if (!interval.isPositive() || !token.rotatedAt.isAfter(now.minus(interval)) || token.successorSealed == null
                || token.replacedBy == null) {
            return Optional.empty();
        }
        Optional<String> raw = seal.open(presented, token.tokenHash, token.successorSealed);
        RefreshToken successor = RefreshToken.<RefreshToken>findByIdOptional(token.replacedBy).orElse(null);
        if (raw.isEmpty() || successor == null || successor.revokedAt != null || !successor.expiresAt.isAfter(now)
                || !successor.tokenHash.equals(SecureTokens.hash(raw.get()))) {
            return Optional.empty();
        }
        UserSession.touch(session.id, now);
        return Optional.of(new Sessions.IssuedRefreshToken(raw.get(),
                successor.expiresAt.getEpochSecond() - now.getEpochSecond(), Sessions.claims(session)));
    }

    /** The successor sealed for the reuse interval, or null when there is none (interval 0, the default). */
    private byte[] sealFor(String presented, String presentedHash, String successorToken) {
        return config.auth().refreshTokenReuseInterval().isPositive()
                ? seal.seal(presented, presentedHash, successorToken)
                : null;
    }

    private void revokeReusedFamily(RefreshToken token, Instant now, ClientInfo client) {
        int revoked = RefreshToken.revokeFamily(token.familyId, now);
        audit.record(AuditType.REFRESH_TOKEN_REUSED, token.userId, client,
                Map.of("familyId", token.familyId.toString(), "revokedTokens", revoked));
        metrics.counter("accounts.refresh.token.reuse").increment();
        LOG.warnf("reuse of a rotated refresh token of user %s: family %s revoked", token.userId, token.familyId);
    }
}
