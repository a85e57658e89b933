package dev.accounts.admin;

import java.util.List;

/** One line of an NDJSON user import. Only {@code email} and {@code passwordHash} are required. */
public record ImportLine(
        String email,
        String displayName,
        String passwordHash,
        String status,
        List<String> roles,
        String createdAt) {

    @Override
    public String toString() {
        return "ImportLine[email=" + email + ", passwordHash=***]";
    }
}
