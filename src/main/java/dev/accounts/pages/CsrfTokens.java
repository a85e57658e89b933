package dev.accounts.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import dev.accounts.security.SecureTokens;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.NewCookie;

/**
 * CSRF protection of the page forms by a double-submit cookie: the page sets a random value in a
 * cookie and in a hidden field, and a POST counts only when both agree. Another site can make a
 * browser post a form here but can neither read nor set the cookie, so it cannot know the value.
 * Stateless, so it holds across replicas with nothing shared. On HTTPS the cookie is
 * {@code __Host-} prefixed, which stops a sibling subdomain from planting a value of its own.
 * <p>
 * Not {@code quarkus-rest-csrf} (it resolves for this platform): that filter covers every endpoint,
 * and the JSON API, which takes no cookies, must stay untouched by it.
 */
final class CsrfTokens {

    static final String FIELD = "csrf";
    private static final String NAME = "accounts-csrf";
    private static final String SECURE_NAME = "__Host-" + NAME;
    /** What {@link SecureTokens#issue()} makes: 256 bits in URL-safe base64 without padding. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    private CsrfTokens() {
    }

    /** The value of a form about to be shown: the browser's cookie if it has one, else a new one. */
    static Csrf forForm(HttpServerRequest request) {
        String existing = cookie(request);
        if (existing != null && WELL_FORMED.matcher(existing).matches()) {
            return new Csrf(existing, null);
        }
        String value = SecureTokens.issue().token();
        boolean https = "https".equalsIgnoreCase(request.scheme());
        NewCookie cookie = new NewCookie.Builder(https ? SECURE_NAME : NAME)
                .value(value)
                .path("/")
                .secure(https)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
        return new Csrf(value, cookie);
    }

    /** Whether the posted field matches the browser's cookie (compared in constant time). */
    static boolean valid(HttpServerRequest request, String field) {
        String cookie = cookie(request);
        return cookie != null && field != null && WELL_FORMED.matcher(cookie).matches()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
    }

    private static String cookie(HttpServerRequest request) {
        String name = "https".equalsIgnoreCase(request.scheme()) ? SECURE_NAME : NAME;
        Cookie cookie = request.getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** The value for the hidden field, and the cookie to set when the browser has none yet. */
    record Csrf(String value, NewCookie cookie) {
    }
}
