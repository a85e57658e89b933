package dev.accounts.admin;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.http.ClientInfo;
import dev.accounts.mfa.MfaSummary;
import dev.accounts.registration.Registration;
import dev.accounts.user.User;

/** One account with its registration record (absent for imported accounts) and whether it has a second factor. */
@Schema(name = "AdminUserDetail")
public record AdminUserDetail(AdminUserView user, RegistrationView registration,
        @Schema(description = "The second factors: whether there is one, never a secret") MfaSummary mfa) {

    public static AdminUserDetail of(User user, Registration registration, MfaSummary mfa) {
        return new AdminUserDetail(AdminUserView.of(user), registration == null ? null : RegistrationView.of(registration), mfa);
    }

    /** The registration record: when, from where, and whether activation is still pending. */
    @Schema(name = "RegistrationView")
    public record RegistrationView(
            Instant registeredAt,
            Instant activatedAt,
            @Schema(maxLength = ClientInfo.MAX_IP_LENGTH) String registeredIp,
            @Schema(maxLength = ClientInfo.MAX_USER_AGENT_LENGTH) String registeredUserAgent,
            Instant activationLinkExpiresAt) {

        static RegistrationView of(Registration registration) {
            return new RegistrationView(registration.registeredAt, registration.activatedAt, registration.registeredIp,
                    registration.registeredUserAgent, registration.activationTokenExpiresAt);
        }
    }
}
