package dev.accounts.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.http.ClientInfo;
import dev.accounts.http.Throttled;
import dev.accounts.mfa.TotpCode;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** POST /api/v1/auth/mfa/step-up: a fresh second factor for the actions that demand one (401 step-up-required). */
@Path("/api/v1/auth/mfa/step-up")
@Tag(name = "Authentication", description = "Login, refresh-token rotation and logout")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
public class StepUpResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    StepUpService stepUp;

    @Context
    HttpServerRequest http;

    @POST
    @Operation(summary = "Step up: a current code for a fresh access token",
            description = "With a bearer token and a current TOTP code: a new access token of the same session (sid) whose "
                    + "amr holds otp and whose auth_time is now, for actions that answered 401 step-up-required (password "
                    + "change, account erasure). No new refresh token: a refresh gives the session's original amr and "
                    + "auth_time back. A wrong code counts towards the lockout like a wrong password.")
    @APIResponse(responseCode = "200", description = "The fresh access token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepUpToken.class)))
    @APIResponse(responseCode = "400", description = "mfa-code-invalid (wrong, used, or too many tried), or a malformed request")
    @APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or its session has ended")
    @APIResponse(responseCode = "409", description = "The account has no second factor")
    @Throttled(Throttled.Endpoint.LOGIN)
    public Response stepUp(@NotNull @Valid TotpCode code) {
        UUID userId;
        UUID sessionId;
        try {
            userId = UUID.fromString(jwt.getSubject());
            String sid = jwt.getClaim("sid") instanceof JsonString s ? s.getString() : (String) jwt.getClaim("sid");
            sessionId = sid == null ? null : UUID.fromString(sid);
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The access token names no account or session.");
        }
        StepUpToken token = stepUp.stepUp(userId, sessionId, methods(), code.code(), ClientInfo.of(http));
        CacheControl cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        return Response.ok(token).cacheControl(cacheControl).header("Pragma", "no-cache").build();
    }

    private List<String> methods() {
        Object amr = jwt.getClaim("amr");
        List<String> methods = new ArrayList<>();
        if (amr instanceof JsonArray array) {
            array.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                    .forEach(v -> methods.add(((JsonString) v).getString()));
        } else if (amr instanceof Collection<?> values) {
            values.forEach(v -> methods.add(String.valueOf(v)));
        }
        return methods;
    }
}
