package dev.accounts.mfa;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.http.ClientInfo;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The caller's second factors: status, TOTP enrolment and its confirmation. */
@Path("/api/v1/users/me/mfa")
@Tag(name = "My account", description = "Profile, password and erasure of the caller's own account")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
@APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or the account is gone")
public class MfaResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    MfaService mfa;

    @Context
    HttpServerRequest http;

    @GET
    @Operation(summary = "My second factors")
    @APIResponse(responseCode = "200", description = "Whether MFA is on, which factors, recovery codes left",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MfaStatus.class)))
    public MfaStatus status() {
        return mfa.status(userId());
    }

    @POST
    @Path("/totp")
    @Operation(summary = "Start setting up an authenticator app",
            description = "A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) and its otpauth:// URI. It takes effect "
                    + "once confirmed with a code at /totp/confirmation; until then a new call replaces it.")
    @APIResponse(responseCode = "200", description = "The secret, shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TotpEnrolment.class)))
    @APIResponse(responseCode = "409", description = "An authenticator app is already set up")
    public Response enrol() {
        return noStore(mfa.enrol(userId()));
    }

    @POST
    @Path("/totp/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm the authenticator app with a code",
            description = "Turns MFA on and answers ten single-use recovery codes, shown once.")
    @APIResponse(responseCode = "200", description = "MFA is on; the recovery codes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecoveryCodes.class)))
    @APIResponse(responseCode = "400", description = "mfa-code-invalid, or a malformed request")
    @APIResponse(responseCode = "409", description = "No enrolment waits for confirmation")
    public Response confirm(@NotNull @Valid TotpCode code) {
        return noStore(mfa.confirm(userId(), code.code(), ClientInfo.of(http)));
    }

    private static Response noStore(Object body) {
        CacheControl cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        return Response.ok(body).cacheControl(cacheControl).build();
    }

    private UUID userId() {
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The access token names no account.");
        }
    }
}
