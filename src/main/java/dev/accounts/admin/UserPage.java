package dev.accounts.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of the admin user list, and the opaque cursor that continues it. */
@Schema(name = "UserPage")
public record UserPage(
        @Schema(maxItems = AdminUserService.MAX_PAGE_SIZE) List<AdminUserView> items,
        @Schema(description = "Pass as ?cursor= for the next page; absent on the last page", maxLength = Cursor.MAX_LENGTH)
        String nextCursor) {

    /**
     * Where a page starts: after the row with this (createdAt, id). Opaque to clients (base64url), so the
     * ordering can change without breaking them.
     */
    public record Cursor(Instant createdAt, UUID id) {

        /** Far above what encode() makes (about 100 characters). */
        public static final int MAX_LENGTH = 200;

        public String encode() {
            String plain = createdAt + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor, or empty when the text is not one this service made. */
        public static Optional<Cursor> decode(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = plain.indexOf('|');
                if (bar < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
