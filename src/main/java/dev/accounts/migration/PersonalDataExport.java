package dev.accounts.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;

/**
 * {@code GET /api/v1/users/me/export}: what the service holds about the caller (GDPR art. 15 and 20), in
 * one JSON document. No secrets: neither the password hash nor any token or token hash.
 */
@RegisterForReflection
@Schema(name = "PersonalDataExport")
public record PersonalDataExport(Instant exportedAt, Account account, Registration registration,
        @Schema(maxItems = 100_000) List<Session> sessions,
        @Schema(maxItems = PersonalDataExports.MAX_EVENTS) List<Event> events) {

    @RegisterForReflection
    @Schema(name = "ExportedAccount")
    public record Account(UUID id, @Schema(maxLength = 254) String email, @Schema(maxLength = 100) String displayName,
            @Schema(maxLength = 16) String status,
            @Schema(maxItems = User.MAX_ROLES) List<@Size(max = User.MAX_ROLE_LENGTH) String> roles,
            Instant createdAt, Instant updatedAt, Instant lastLoginAt) {
    }

    /** The registration record (Django's UserRegistrationModel), when the account has one. */
    @RegisterForReflection
    @Schema(name = "ExportedRegistration")
    public record Registration(Instant registeredAt, Instant activatedAt, @Schema(maxLength = 45) String registeredIp,
            @Schema(maxLength = 512) String registeredUserAgent) {
    }

    /** A sign-in session: a refresh-token family, from its first token to its latest. */
    @RegisterForReflection
    @Schema(name = "ExportedSession")
    public record Session(UUID id, Instant startedAt, Instant lastRefreshedAt, Instant expiresAt, Instant revokedAt) {
    }

    /** An audit event about the account (the newest {@value PersonalDataExports#MAX_EVENTS}). */
    @RegisterForReflection
    @Schema(name = "ExportedEvent")
    public record Event(@Schema(maxLength = 64) String type, Instant occurredAt, @Schema(maxLength = 45) String ip) {
    }
}
