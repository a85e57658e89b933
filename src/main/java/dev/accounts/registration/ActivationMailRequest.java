package dev.accounts.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Schema(name = "ActivationMailRequest")
public record ActivationMailRequest(@Schema(example = "ada@example.com") @NotBlank @Size(max = 320) String email) {
}
