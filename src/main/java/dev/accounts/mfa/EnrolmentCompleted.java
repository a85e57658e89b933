package dev.accounts.mfa;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;

/**
 * The confirmation of an enrolment that a role demanded (made with the login's enrolment token): the
 * recovery codes, shown once, and the token pair the login withheld (amr pwd, otp).
 */
@RegisterForReflection
@Schema(name = "EnrolmentCompleted")
public record EnrolmentCompleted(
        @Schema(description = "Each works once instead of a code", maxItems = 10) List<@Size(max = 19) String> recoveryCodes,
        @Schema(ref = "TokenResponse", description = "The login's token pair") Object tokens) {

    @Override
    public String toString() {
        return "EnrolmentCompleted[redacted]";
    }
}
