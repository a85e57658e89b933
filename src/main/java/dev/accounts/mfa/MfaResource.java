package dev.accounts.mfa;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.http.ClientInfo;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The caller's second factors: status, TOTP enrolment and its confirmation, removal, new recovery codes.
 * Enrolment and its confirmation also take, instead of a bearer token, the enrolment token of a login
 * whose role demands a second factor ({@value #ENROLMENT_TOKEN} header): an opaque token that no other
 * endpoint knows, and that no relying service could take for an access token.
 */
@Path("/api/v1/users/me/mfa")
@SecurityScheme(securitySchemeName = MfaResource.ENROLMENT_SCHEME, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, apiKeyName = MfaResource.ENROLMENT_TOKEN,
        description = "The enrolmentToken of a login that answered mfaEnrolmentRequired (opaque, 43 characters of URL-safe "
                + "base64); only for POST /users/me/mfa/totp and /totp/confirmation")
@Tag(name = "My account", description = "Profile, password and erasure of the caller's own account")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
@APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or the account is gone")
public class MfaResource {

    public static final String ENROLMENT_TOKEN = "Enrolment-Token";
    static final String ENROLMENT_SCHEME = "enrolmentToken";

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
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = ENROLMENT_SCHEME)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TotpEnrolmentRequest.class)))
    @Operation(summary = "Start setting up an authenticator app",
            description = "A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) and its otpauth:// URI. It takes effect "
                    + "once confirmed with a code at /totp/confirmation; until then a new call replaces it. With a bearer "
                    + "token the body must carry the current password (a wrong one counts in the client's lockout like a "
                    + "wrong password at login); with the Enrolment-Token header of a login that answered "
                    + "mfaEnrolmentRequired no body is needed, since that login checked the password.")
    @APIResponse(responseCode = "200", description = "The secret, shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TotpEnrolment.class)))
    @APIResponse(responseCode = "400", description = "Wrong or missing current password (with a bearer token), or a malformed request")
    @APIResponse(responseCode = "409", description = "An authenticator app is already set up")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public Response enrol(@Parameter(hidden = true) @HeaderParam(ENROLMENT_TOKEN) String enrolmentToken,
            @Valid TotpEnrolmentRequest request) {
        if (jwt.getRawToken() == null && enrolmentToken != null) {
            return noStore(mfa.enrolWithToken(enrolmentToken));
        }
        return noStore(mfa.enrol(userId(), request == null ? null : request.currentPassword(), ClientInfo.of(http)));
    }

    @POST
    @Path("/totp/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = ENROLMENT_SCHEME)
    @Operation(summary = "Confirm the authenticator app with a code",
            description = "Turns MFA on and answers ten single-use recovery codes, shown once. With the Enrolment-Token "
                    + "header instead of a bearer token, the answer also has the token pair the login withheld (amr pwd, "
                    + "otp), and the enrolment token is used up.")
    @APIResponse(responseCode = "200", description = "MFA is on; the recovery codes (and, with an enrolment token, the tokens)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = { RecoveryCodes.class, EnrolmentCompleted.class })))
    @APIResponse(responseCode = "400", description = "mfa-code-invalid, or a malformed request")
    @APIResponse(responseCode = "409", description = "No enrolment waits for confirmation")
    public Response confirm(@Parameter(hidden = true) @HeaderParam(ENROLMENT_TOKEN) String enrolmentToken, @NotNull @Valid TotpCode code) {
        if (jwt.getRawToken() == null && enrolmentToken != null) {
            return noStore(mfa.confirmEnrolment(enrolmentToken, code.code(), ClientInfo.of(http)));
        }
        return noStore(mfa.confirm(userId(), code.code(), ClientInfo.of(http)));
    }

    @DELETE
    @Path("/totp")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true)
    @Operation(summary = "Remove the authenticator app",
            description = "Needs the current password and a current code or a recovery code (that code is the recent second "
                    + "factor the action demands). Removes the app and every recovery code; the login asks for the password "
                    + "only from then on. The owner is mailed. A wrong password or code counts towards the lockout like a "
                    + "wrong password at login.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "mfa-proof-invalid: wrong password or code (or too many tried); or a malformed request")
    @APIResponse(responseCode = "409", description = "No authenticator app is set up, or the account's role requires one")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public Response remove(@NotNull @Valid MfaProof proof) {
        mfa.remove(userId(), proof, ClientInfo.of(http));
        return Response.noContent().build();
    }

    @POST
    @Path("/recovery-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "New recovery codes",
            description = "Needs the current password and a current code or a recovery code. Answers ten new single-use "
                    + "recovery codes, shown once; the old ones stop working. A wrong password or code counts towards the "
                    + "lockout like a wrong password at login.")
    @APIResponse(responseCode = "200", description = "The new recovery codes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecoveryCodes.class)))
    @APIResponse(responseCode = "400", description = "mfa-proof-invalid: wrong password or code (or too many tried); or a malformed request")
    @APIResponse(responseCode = "409", description = "No authenticator app is set up")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public Response regenerateRecoveryCodes(@NotNull @Valid MfaProof proof) {
        return noStore(mfa.regenerateRecoveryCodes(userId(), proof, ClientInfo.of(http)));
    }

    private static Response noStore(Object body) {
        CacheControl cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        return Response.ok(body).cacheControl(cacheControl).build();
    }

    private UUID userId() {
        if (jwt.getRawToken() == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A bearer access token (or, for enrolment, an enrolment token) is required.");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The access token names no account.");
        }
    }
}
