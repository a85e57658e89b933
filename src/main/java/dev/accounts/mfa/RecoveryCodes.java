package dev.accounts.mfa;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.Size;

/** Ten single-use recovery codes, shown once. */
@Schema(name = "RecoveryCodes")
public record RecoveryCodes(
        @Schema(description = "Each works once instead of a code: 24 characters of Crockford's Base32 (120 random bits) in "
                + "groups of four, e.g. 7KQ2-M9XD-4T0B-ZRHP-1E6W-C3NY; typed in any case, with or without dashes", maxItems = 10)
        List<@Size(max = RecoveryCodeFormat.SHOWN_LENGTH) String> recoveryCodes) {

    @Override
    public String toString() {
        return "RecoveryCodes[redacted]";
    }
}
