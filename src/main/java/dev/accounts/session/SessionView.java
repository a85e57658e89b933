package dev.accounts.session;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.http.ClientInfo;

/** One of the caller's sessions (a refresh-token family), as listed to its owner. */
@Schema(name = "Session")
public record SessionView(
        @Schema(description = "The session id; the sid claim of its access tokens") UUID id,
        @Schema(description = "When the user logged in (auth_time)") Instant createdAt,
        @Schema(description = "Last refresh, or the login") Instant lastUsedAt,
        @Schema(maxLength = ClientInfo.MAX_IP_LENGTH, nullable = true, description = "Client address at login") String ip,
        @Schema(maxLength = ClientInfo.MAX_USER_AGENT_LENGTH, nullable = true, description = "User agent at login") String userAgent,
        @Schema(description = "Whether the access token of this request belongs to it") boolean current) {

    static SessionView of(UserSession session, String currentSessionId) {
        return new SessionView(session.id, session.createdAt, session.lastUsedAt, session.ip, session.userAgent,
                session.id.toString().equals(currentSessionId));
    }
}
