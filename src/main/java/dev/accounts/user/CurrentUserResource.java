package dev.accounts.user;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The caller's own account, identified by the {@code sub} of the access token. */
@Path("/api/v1/users/me")
@Tag(name = "My account", description = "Profile, password and erasure of the caller's own account")
@Authenticated
@SecurityScheme(securitySchemeName = CurrentUserResource.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "Access token from POST /api/v1/auth/login or /refresh")
@SecurityRequirement(name = CurrentUserResource.BEARER)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
@APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or the account is gone")
public class CurrentUserResource {

    public static final String BEARER = "bearer";

    @Inject
    JsonWebToken jwt;

    @Inject
    UserService users;

    @Context
    HttpServerRequest http;

    @GET
    @Operation(summary = "My profile")
    @APIResponse(responseCode = "200", description = "The profile",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfile.class)))
    public UserProfile profile() {
        return users.profile(userId());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my display name",
            description = "Only displayName may be sent; roles, status, email, id or any other field is a 400 and "
                    + "nothing is applied.")
    @APIResponse(responseCode = "200", description = "The updated profile",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfile.class)))
    @APIResponse(responseCode = "400", description = "Unknown or read-only field, invalid display name, malformed request")
    public UserProfile updateProfile(@NotNull @Valid ProfileUpdate update) {
        return users.updateProfile(userId(), update);
    }

    @PUT
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my password",
            description = "Needs the current password. Revokes every refresh token of the account, this session's too. "
                    + "Wrong current passwords count in the client's lockout; after accounts.password.change-max-failures "
                    + "in a row (default 5) this session ends (401) and its holder must log in again.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "Wrong current password, or a new password the rules refuse")
    @APIResponse(responseCode = "429", description = "This client is locked out by its wrong passwords; retry after Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds until the lock of this client ends",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "2147483647")))
    @APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or the account is gone; or "
            + "step-up-required: the account has MFA and the token no second factor of the last few minutes (POST /api/v1/auth/mfa/step-up)")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public Response changePassword(@NotNull @Valid PasswordChange change) {
        users.changePassword(userId(), sessionId(), change, ClientInfo.of(http));
        return Response.noContent().build();
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase my account",
            description = "Needs the current password. Deletes the account with its registration, roles and tokens. "
                    + "Audit events stay, detached from the account and without its email address. A wrong password "
                    + "counts in the lockout like a failed login.")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or the account is gone; or "
            + "step-up-required: the account has MFA and the token no second factor of the last few minutes (POST /api/v1/auth/mfa/step-up)")
    @APIResponse(responseCode = "400", description = "Wrong or missing current password, malformed request")
    @APIResponse(responseCode = "409", description = "It is the last active administrator")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public Response delete(@NotNull @Valid AccountDeletion deletion) {
        users.delete(userId(), deletion, ClientInfo.of(http));
        return Response.noContent().build();
    }

    /** The token's session ({@code sid}), or null for a token without a well-formed one. */
    private UUID sessionId() {
        String sid = jwt.getClaim("sid");
        try {
            return sid == null ? null : UUID.fromString(sid);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private UUID userId() {
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The access token names no account.");
        }
    }
}
