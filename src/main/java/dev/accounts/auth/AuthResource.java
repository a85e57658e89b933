package dev.accounts.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.http.ClientInfo;
import dev.accounts.http.Throttled;
import dev.accounts.problem.Problem;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
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

@Path("/api/v1/auth")
@Tag(name = "Authentication", description = "Login, refresh-token rotation and logout")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
public class AuthResource {

    @Inject
    AuthService auth;

    @Context
    HttpServerRequest http;

    @POST
    @Path("/login")
    @Operation(summary = "Log in with email and password",
            description = "Returns a short-lived JWT access token and an opaque refresh token. Unknown email, wrong "
                    + "password, disabled, locked or pending account: the same 401, in about the same time.")
    @APIResponse(responseCode = "200", description = "Logged in, or (account with a second factor) mfaRequired with an "
            + "mfaToken for POST /api/v1/auth/mfa/verify and no tokens, or (a role that requires a second factor, none set "
            + "up) mfaEnrolmentRequired with an enrolmentToken for POST /api/v1/users/me/mfa/totp and no tokens",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = { TokenResponse.class, MfaRequired.class, MfaEnrolmentRequired.class })))
    @APIResponse(responseCode = "400", description = "Missing fields or a malformed request")
    @APIResponse(responseCode = "401", description = "invalid-credentials, whatever the reason")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    @Throttled(Throttled.Endpoint.LOGIN)
    public Response login(@NotNull @Valid LoginRequest request) {
        return noStore(auth.login(request, ClientInfo.of(http)));
    }

    @POST
    @Path("/mfa/verify")
    @Operation(summary = "Second step of a login: the mfaToken and a TOTP or recovery code",
            description = "Send the mfaToken of the login's answer and exactly one of code (6 digits) and recoveryCode. "
                    + "Issues the usual token pair (amr pwd, otp). A wrong code counts towards the account's lockout "
                    + "like a wrong password; the mfaToken works once and expires.")
    @APIResponse(responseCode = "200", description = "Logged in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing fields, both or neither code, or a malformed request")
    @APIResponse(responseCode = "401", description = "mfa-verification-failed: unknown, expired or used mfaToken, or a wrong code")
    @Throttled(Throttled.Endpoint.LOGIN)
    public Response verifyMfa(@NotNull @Valid MfaVerifyRequest request) {
        return noStore(auth.verifyMfa(request, ClientInfo.of(http)));
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Exchange a refresh token for a new token pair",
            description = "Each refresh token works once. Presenting one that was already exchanged revokes every "
                    + "token of its family (it may have been stolen) and answers 401.")
    @APIResponse(responseCode = "200", description = "A new access token and refresh token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing field or a malformed request")
    @APIResponse(responseCode = "401", description = "refresh-token-invalid: unknown, expired, reused or revoked")
    public Response refresh(@NotNull @Valid RefreshTokenRequest request) {
        return noStore(auth.refresh(request.refreshToken(), ClientInfo.of(http)));
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Log out: revoke the refresh token's family",
            description = "Answers 204 for unknown tokens too, so that logging out twice is harmless. Access tokens "
                    + "already issued stay valid until they expire.")
    @APIResponse(responseCode = "204", description = "Logged out")
    @APIResponse(responseCode = "400", description = "Missing field or a malformed request")
    public Response logout(@NotNull @Valid RefreshTokenRequest request) {
        auth.logout(request.refreshToken(), ClientInfo.of(http));
        return Response.noContent().build();
    }

    @POST
    @Path("/unlock")
    @Operation(summary = "Lift the locks of an account with the token of its lock mail",
            description = "The lock mail carries a single-use link; its token lifts every lock of the account (for "
                    + "every client, and account-wide) and starts the failure counts over. It does not sign in: the "
                    + "holder then logs in with the password as usual (and the second factor, if any).")
    @APIResponse(responseCode = "204", description = "Unlocked")
    @APIResponse(responseCode = "400", description = "unlock-token-invalid (unknown, expired or used), or a malformed request")
    public Response unlock(@NotNull @Valid UnlockRequest request) {
        auth.unlock(request.token(), ClientInfo.of(http));
        return Response.noContent().build();
    }

    /** Token responses must not be cached (RFC 6749, section 5.1). */
    private static Response noStore(LoginAnswer tokens) {
        CacheControl cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        return Response.ok(tokens).cacheControl(cacheControl).header("Pragma", "no-cache").build();
    }
}
