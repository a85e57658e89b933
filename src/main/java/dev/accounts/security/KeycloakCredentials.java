package dev.accounts.security;

import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keycloak's exported password credentials ({@code kc.sh export}: each user's {@code credentials} entry
 * of type {@code password} carries two JSON documents as strings, {@code secretData}
 * {@code {"value": base64 hash, "salt": base64 salt}} and {@code credentialData}
 * {@code {"hashIterations": n, "algorithm": "pbkdf2-sha256", "additionalParameters": {...}}}), turned into
 * the one-string hashes the service stores: {@code $pbkdf2-sha256$i=n$salt$hash} for the PBKDF2
 * providers ({@code pbkdf2}, {@code pbkdf2-sha256}, {@code pbkdf2-sha512}) and an argon2 PHC string for
 * Keycloak's {@code argon2} provider. Read as trees, so that no class needs reflection in a native image.
 */
public final class KeycloakCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakCredentials() {
    }

    /** The stored form of the credential, or empty when it is not a password credential the service verifies. */
    public static Optional<String> toHash(String secretData, String credentialData) {
        if (secretData == null || credentialData == null || secretData.length() > 4096 || credentialData.length() > 4096) {
            return Optional.empty();
        }
        try {
            JsonNode secret = JSON.readTree(secretData);
            JsonNode credential = JSON.readTree(credentialData);
            String value = secret.path("value").asText("");
            String salt = secret.path("salt").asText("");
            String algorithm = credential.path("algorithm").asText("");
            int iterations = credential.path("hashIterations").asInt(0);
            String hash = switch (algorithm) {
                case "pbkdf2", "pbkdf2-sha256", "pbkdf2-sha512" -> "$" + algorithm + "$i=" + iterations + "$" + salt + "$" + value;
                case "argon2" -> argon2(credential.path("additionalParameters"), iterations, salt, value);
                default -> null;
            };
            return Optional.ofNullable(hash).filter(h -> PasswordHashFormats.importableFormatOf(h).isPresent());
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** Keycloak's argon2 provider: parameters as one-element string arrays (type id/i/d, version 1.3/1.0). */
    private static String argon2(JsonNode parameters, int iterations, String salt, String value) {
        String type = first(parameters, "type", "id");
        String version = first(parameters, "version", "1.3").equals("1.0") ? "16" : "19";
        String memory = first(parameters, "memory", "7168");
        String parallelism = first(parameters, "parallelism", "1");
        String t = first(parameters, "iterations", String.valueOf(iterations));
        Base64.Encoder phc = Base64.getEncoder().withoutPadding();
        return "$argon2" + type + "$v=" + version + "$m=" + memory + ",t=" + t + ",p=" + parallelism + "$"
                + phc.encodeToString(Base64.getDecoder().decode(salt)) + "$"
                + phc.encodeToString(Base64.getDecoder().decode(value));
    }

    private static String first(JsonNode parameters, String name, String otherwise) {
        JsonNode node = parameters.path(name);
        if (node.isArray() && !node.isEmpty()) {
            node = node.get(0);
        }
        return node.isValueNode() ? node.asText(otherwise) : otherwise;
    }
}
