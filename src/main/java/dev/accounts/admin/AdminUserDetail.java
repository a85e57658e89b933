package dev.accounts.admin;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.accounts.http.ClientInfo;
import dev.accounts.registration.Registration;
import dev.accounts.user.User;

/** One account with its registration record (absent for imported accounts). */
@Schema(name = "AdminUserDetail")
public record AdminUserDetail(AdminUserView user, RegistrationView registration) {

    public static AdminUserDetail of(User user, Registration registration) {
        return new AdminUserDetail(AdminUserView.of(user), registration == null ? null : RegistrationView.of(registration));
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
