package dev.accounts.mfa;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.Size;

/** Ten single-use recovery codes, shown once. */
@Schema(name = "RecoveryCodes")
public record RecoveryCodes(
        @Schema(description = "Each works once instead of a code", maxItems = 10) List<@Size(max = 19) String> recoveryCodes) {

    @Override
    public String toString() {
        return "RecoveryCodes[redacted]";
    }
}
