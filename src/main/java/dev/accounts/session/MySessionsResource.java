package dev.accounts.session;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The caller's sessions: list them, end one, end all others or all ("sign out everywhere"). */
@Path("/api/v1/users/me/sessions")
@Tag(name = "My account")
@Authenticated
// The scheme is declared on CurrentUserResource (user/), which this package may not import.
@SecurityRequirement(name = "bearer")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
@APIResponse(responseCode = "401", description = "Missing, invalid or expired access token")
public class MySessionsResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    SessionService sessions;

    @Context
    HttpServerRequest http;

    @GET
    @Operation(summary = "My sessions", description = "Live sessions (refresh-token families), newest first; "
            + "current marks the one of this request's access token.")
    @APIResponse(responseCode = "200", description = "The sessions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionList.class)))
    public SessionList list() {
        return sessions.list(userId(), jwt.getClaim("sid"));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End one of my sessions", description = "Its refresh token stops working at once; "
            + "its access tokens expire within their short lifetime.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "400", description = "Malformed id")
    @APIResponse(responseCode = "404", description = "No such session of mine")
    public Response revoke(@PathParam("id") String id) {
        sessions.revoke(userId(), parseId(id), ClientInfo.of(http));
        return Response.noContent().build();
    }

    @DELETE
    @Operation(summary = "End my other sessions, or all of them",
            description = "Without all, every session but the current one ends; with all=true every one does, "
                    + "and access tokens issued before now stop working too (sign out everywhere).")
    @APIResponse(responseCode = "204", description = "Ended")
    public Response revokeAll(@Parameter(description = "Also end the current session")
            @QueryParam("all") @DefaultValue("false") boolean all) {
        UUID keep = all ? null : currentSession();
        sessions.revokeAllExcept(userId(), keep, null, ClientInfo.of(http));
        return Response.noContent().build();
    }

    private UUID currentSession() {
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

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("id", "is not a UUID");
        }
    }
}
