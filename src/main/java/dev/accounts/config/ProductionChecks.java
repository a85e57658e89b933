package dev.accounts.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Settings production must not run without, checked before the first request: the prod profile refuses to
 * start (as it does without a JWT signing key or an MFA key) and says what to set.
 * <ul>
 * <li>{@code accounts.public-base-url} is the address in every mail link and the tokens' issuer: it must be
 * HTTPS and not a loopback name or address, or links would carry tokens in clear text, or point nowhere.
 * {@code accounts.insecure-public-base-url-allowed=true} lets a test or a local trial run without one.</li>
 * <li>{@code accounts.audit.erasure-key} keys the hash of an erased account's id that the deletion's audit
 * event keeps; without it that event could keep nothing that tells which account went.</li>
 * </ul>
 */
@ApplicationScoped
public class ProductionChecks {

    /** Bytes of key material the erasure key must carry at least (HMAC-SHA256's block of security). */
    public static final int MIN_KEY_BYTES = 32;

    @Inject
    AccountsConfig config;

    void onStart(@Observes @Priority(0) StartupEvent event) {
        config.audit().erasureKey().ifPresent(key -> {
            if (erasureKeyProblem(key).isPresent()) {
                throw new IllegalStateException("accounts.audit.erasure-key " + erasureKeyProblem(key).get());
            }
        });
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        if (config.audit().erasureKey().isEmpty()) {
            throw new IllegalStateException("No audit erasure key is configured: set ACCOUNTS_AUDIT_ERASURE_KEY "
                    + "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`, from a Secret). It keys the hash "
                    + "of an erased account's id kept in the audit log.");
        }
        if (!config.insecurePublicBaseUrlAllowed()) {
            publicBaseUrlProblem(config.publicBaseUrl()).ifPresent(problem -> {
                throw new IllegalStateException("accounts.public-base-url " + problem + ": set ACCOUNTS_PUBLIC_BASE_URL "
                        + "to the service's public HTTPS address (mail links and the tokens' issuer are built from it), "
                        + "or ACCOUNTS_INSECURE_PUBLIC_BASE_URL_ALLOWED=true for a test or a local trial.");
            });
        }
    }

    /** Why this public address does not do for production, or empty when it does. */
    public static Optional<String> publicBaseUrlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("is not an https:// address");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return Optional.of("has no host");
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1") || host.equals("0.0.0.0") || host.equals("[::]")) {
            return Optional.of("names this machine (" + host + "), which no mail reader can reach");
        }
        return Optional.empty();
    }

    /** Why this erasure key is unusable, or empty. */
    public static Optional<String> erasureKeyProblem(String key) {
        try {
            return Base64.getDecoder().decode(key.strip()).length < MIN_KEY_BYTES
                    ? Optional.of("must be base64 of at least " + MIN_KEY_BYTES + " bytes")
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("is not base64");
        }
    }
}
