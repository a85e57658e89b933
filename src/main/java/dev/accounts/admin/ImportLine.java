package dev.accounts.admin;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of an NDJSON user import. Only {@code email} and {@code passwordHash} are required.
 * Registered for reflection: Jackson reads it through {@code ObjectMapper.readerFor}, outside any REST
 * body, so nothing else tells the native build that its constructor is needed.
 */
@RegisterForReflection
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
