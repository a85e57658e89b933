package dev.accounts.mfa;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.Size;

@Schema(name = "MfaStatus")
public record MfaStatus(
        @Schema(description = "Whether the login asks for a second factor") boolean enabled,
        @Schema(description = "Confirmed factor kinds", maxItems = 4, example = "[\"totp\"]") List<@Size(max = 16) String> methods,
        @Schema(description = "Unused recovery codes", minimum = "0", maximum = "10") int recoveryCodesLeft) {
}
