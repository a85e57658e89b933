package dev.accounts.migration;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code import-django} did (or, with {@code --dry-run}, would do): Django users read, accounts
 * made, users whose address already has an account (a second run reports every user here), users
 * skipped and why (by Django user id: no address or hash in the report), the counts by hash format and
 * by status of the users read, and the result of {@code --verify-sample}. Written by Jackson outside a
 * REST body, hence registered for reflection (native image).
 */
@RegisterForReflection
public record DjangoImportSummary(boolean dryRun, String registrationTable, long read, long imported,
        long alreadyPresent, long skipped, Map<String, Long> byFormat, Map<String, Long> byStatus,
        Map<String, String> groupRoles, List<Problem> problems, boolean problemsTruncated, Sample sample) {

    /** A Django user that was not imported, by its id in auth_user. */
    @RegisterForReflection
    public record Problem(long djangoUserId, String problem) {
    }

    /** --verify-sample: known pairs checked against the hashes as imported; the failures by line of the file. */
    @RegisterForReflection
    public record Sample(long checked, long verified, List<Long> failedLines) {
    }
}
