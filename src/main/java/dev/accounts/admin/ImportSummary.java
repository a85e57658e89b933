package dev.accounts.admin;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an import did: users created, lines skipped (invalid, or an address that already has an account),
 * and why each skipped line was skipped (the first {@value UserImport#MAX_REPORTED_ERRORS}).
 */
@Schema(name = "ImportSummary")
public record ImportSummary(
        @Schema(minimum = "0", maximum = "9223372036854775807") long imported,
        @Schema(minimum = "0", maximum = "9223372036854775807") long skipped,
        @Schema(maxItems = UserImport.MAX_REPORTED_ERRORS) List<LineError> errors,
        boolean errorsTruncated) {

    /** A skipped line: its 1-based number in the input and the reason. */
    @Schema(name = "ImportLineError")
    public record LineError(
            @Schema(minimum = "1", maximum = "9223372036854775807") long line,
            @Schema(maxLength = 500) String problem) {
    }
}
