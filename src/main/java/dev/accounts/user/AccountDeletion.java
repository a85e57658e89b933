package dev.accounts.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code DELETE /users/me}: the current password, so that a token alone erases nothing. */
@Schema(name = "AccountDeletion")
public record AccountDeletion(@Schema(format = "password") @NotNull @Size(max = 1024) String currentPassword) {

    @Override
    public String toString() {
        return "AccountDeletion[***]";
    }
}
