package dev.accounts.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.Size;

/** What an account's owner may change about it. Any other field (roles, status, email, id) is refused. */
@Schema(name = "ProfileUpdate", description = "Only displayName; any other field is rejected with 400")
public record ProfileUpdate(
        @Schema(description = "New display name; an empty string removes it; absent or null leaves it unchanged",
                example = "Ada Lovelace", maxLength = 100)
        @Size(max = 400) String displayName) {
}
