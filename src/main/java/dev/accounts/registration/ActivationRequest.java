package dev.accounts.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Schema(name = "ActivationRequest")
public record ActivationRequest(
        @Schema(description = "The token from the activation mail's link") @NotBlank @Size(max = 256) String token) {

    @Override
    public String toString() {
        return "ActivationRequest[token=***]";
    }
}
