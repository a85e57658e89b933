package dev.accounts.mfa;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The sensitive actions of an account with a second factor demand a recent one: changing the password
 * (PUT /users/me/password) and erasing the account (DELETE /users/me) are refused with 401
 * {@code step-up-required} unless the access token's {@code amr} holds {@code otp} and its {@code auth_time}
 * is within {@code accounts.mfa.step-up-max-age}. POST /api/v1/auth/mfa/step-up gives such a token for a
 * code. Removing the factor and renewing the recovery codes need no such token: their body carries a code,
 * verified at that moment, which is the recent second factor itself.
 *
 * <p>In one place, as {@code session/FreshTokenFilter} is, rather than in user/ (which cannot know mfa/: mfa/
 * reads the user). Runs on the endpoint's thread after authentication; a request without a bearer token is
 * left to the endpoint's own 401.
 */
public class StepUpFilter {

    /** "METHOD path" of the actions that demand a recent second factor. */
    static final Set<String> SENSITIVE = Set.of("PUT /api/v1/users/me/password", "DELETE /api/v1/users/me");

    @Inject
    JsonWebToken jwt;

    @Inject
    MfaService mfa;

    @Inject
    MfaConfig config;

    @Inject
    Clock clock;

    @ServerRequestFilter
    public void requireRecentSecondFactor(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!SENSITIVE.contains(request.getMethod() + " " + path) || jwt.getRawToken() == null) {
            return;
        }
        UUID userId;
        try {
            userId = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            return;
        }
        if (recentSecondFactor() || !mfa.enabled(userId)) {
            return;
        }
        throw new ProblemException(ProblemType.STEP_UP_REQUIRED, "This action needs a second factor from the last "
                + config.stepUpMaxAge().toMinutes() + " minutes: send a current code of your authenticator app to "
                + "POST /api/v1/auth/mfa/step-up {\"code\"} with this access token, then repeat the request with the "
                + "access token it answers.");
    }

    private boolean recentSecondFactor() {
        Object authTime = jwt.getClaim("auth_time");
        long seconds = authTime instanceof JsonNumber number ? number.longValue()
                : authTime instanceof Number number ? number.longValue() : -1;
        Instant oldest = clock.instant().minus(config.stepUpMaxAge());
        return seconds >= 0 && !Instant.ofEpochSecond(seconds).isBefore(oldest) && hasOtp(jwt.getClaim("amr"));
    }

    private static boolean hasOtp(Object amr) {
        if (amr instanceof JsonArray array) {
            return array.stream().anyMatch(value -> value.getValueType() == JsonValue.ValueType.STRING
                    && "otp".equals(((JsonString) value).getString()));
        }
        if (amr instanceof Collection<?> values) {
            return values.stream().anyMatch(value -> "otp".equals(String.valueOf(value)));
        }
        return false;
    }
}
