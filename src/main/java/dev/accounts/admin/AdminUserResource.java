package dev.accounts.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.http.ClientInfo;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/admin/users")
@Tag(name = "Administration", description = "User management; role admin")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RolesAllowed(User.ADMIN_ROLE)
@RunOnVirtualThread
@APIResponse(responseCode = "401", description = "No valid access token")
@APIResponse(responseCode = "403", description = "The token has no admin role")
public class AdminUserResource {

    public static final String NDJSON = "application/x-ndjson";

    @Inject
    AdminUserService users;

    @Inject
    UserImport userImport;

    @Inject
    JsonWebToken jwt;

    @Context
    HttpServerRequest http;

    @GET
    @Operation(summary = "List accounts", description = "Keyset pagination in (createdAt, id) order.")
    @APIResponse(responseCode = "200", description = "A page of accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid limit, status or cursor")
    public UserPage list(
            @Parameter(description = "Email prefix or display-name substring, case-insensitive")
            @QueryParam("q") @Size(max = 254) String q,
            @Parameter(description = "Only accounts with this status",
                    schema = @Schema(enumeration = { "PENDING", "ACTIVE", "DISABLED" }))
            @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(AdminUserService.MAX_PAGE_SIZE) int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") @Size(max = UserPage.Cursor.MAX_LENGTH) String cursor) {
        return users.list(q, parseStatus(status), limit, cursor);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One account with its registration record")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserDetail.class)))
    @APIResponse(responseCode = "400", description = "Malformed id")
    @APIResponse(responseCode = "404", description = "No such account")
    public AdminUserDetail get(@PathParam("id") String id) {
        return users.get(parseId(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an account's status or roles",
            description = "Disabling revokes every refresh token of the account and blocks login.")
    @APIResponse(responseCode = "200", description = "The changed account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserDetail.class)))
    @APIResponse(responseCode = "400", description = "Malformed id, unknown field or invalid value")
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "409", description = "It would leave no active administrator")
    public AdminUserDetail update(@PathParam("id") String id, @NotNull @Valid AdminUserUpdate update) {
        return users.update(parseId(id), update, actorId(), ClientInfo.of(http));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Erase an account", description = "As self-deletion: everything of the account goes, "
            + "audit events stay without the email.")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "400", description = "Malformed id")
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "409", description = "It is the last active administrator")
    public void delete(@PathParam("id") String id) {
        users.delete(parseId(id), actorId(), ClientInfo.of(http));
    }

    @DELETE
    @Path("/{id}/sessions")
    @Operation(summary = "End every session of an account",
            description = "Every refresh token of the account stops working, and its access tokens issued before now too.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "400", description = "Malformed id")
    @APIResponse(responseCode = "404", description = "No such account")
    public void endSessions(@PathParam("id") String id) {
        users.endSessions(parseId(id), actorId(), ClientInfo.of(http));
    }

    @DELETE
    @Path("/{id}/mfa")
    @Operation(summary = "Remove an account's second factors",
            description = "The authenticator app and every recovery code go (a lost phone); the login asks for the password "
                    + "only until the owner sets up a new one (at once, where the role requires one). Audited; the owner is mailed. "
                    + "204 also when the account had none.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "Malformed id")
    @APIResponse(responseCode = "404", description = "No such account")
    public void removeMfa(@PathParam("id") String id) {
        users.removeMfa(parseId(id), actorId(), ClientInfo.of(http));
    }

    @POST
    @Path("/import")
    @Consumes(NDJSON)
    @Operation(summary = "Import accounts with pre-hashed passwords",
            description = "NDJSON, one {email, displayName, passwordHash, status, roles, createdAt} per line. Hashes: "
                    + "argon2id/argon2i PHC, bcrypt, Django pbkdf2_sha256$, argon2$ and bcrypt_sha256$. Streamed and "
                    + "written in batches; bad lines and taken addresses are skipped and reported.")
    @APIResponse(responseCode = "200", description = "What was imported and what was skipped, line by line",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportSummary.class)))
    public ImportSummary importUsers(InputStream ndjson) throws IOException {
        return userImport.importNdjson(ndjson, actorId(), ClientInfo.of(http), lines -> {
        });
    }

    private UUID actorId() {
        return UUID.fromString(jwt.getSubject());
    }

    /** Parsed here, not by JAX-RS, which answers an unconvertible query parameter with 404. */
    private static UserStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return UserStatus.valueOf(status.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be PENDING, ACTIVE or DISABLED");
        }
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("id", "is not a UUID");
        }
    }
}
