package dev.accounts.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Activation always sets the password: the account then carries the password of whoever holds the
 * mailbox, never one a squatter chose when registering the address (README "Pre-account hijacking").
 */
@Schema(name = "ActivationRequest")
public record ActivationRequest(
        @Schema(description = "The token from the activation mail's link") @NotBlank @Size(max = 256) String token,
        @Schema(description = "The account's password from now on (the one registered with, or a new one): activation "
                + "sets it, so that the account never keeps a password chosen by someone without the mailbox. "
                + "15 to 256 characters (configurable); not a common or breached password (Pwned Passwords), nor one "
                + "with the email's local part, the display name or the product name in it",
                example = "velvet orbit 417 quartz lantern", format = "password")
        @NotNull @Size(max = 1024) String password) {

    @Override
    public String toString() {
        return "ActivationRequest[***]";
    }
}
