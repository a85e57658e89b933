package dev.accounts.passwordreset;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.http.Accepted;
import dev.accounts.http.ClientInfo;
import dev.accounts.http.MinResponseTime;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/password-resets")
@Tag(name = "Password reset", description = "Forgotten passwords: a mail with a single-use link, then a new password")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
public class PasswordResetResource {

    @Inject
    PasswordResetService resets;

    @Context
    HttpServerRequest http;

    @POST
    @Operation(summary = "Ask for a password reset mail",
            description = "The same 202 for every address. An active account gets a mail with a link that works once "
                    + "within 30 minutes (configurable); it replaces any earlier link.")
    @APIResponse(responseCode = "202", description = "Accepted; a mail is on its way if the address has an active account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Not an email address, or a malformed request")
    @Throttled(Throttled.Endpoint.PASSWORD_RESET_REQUEST)
    @MinResponseTime("accounts.password-reset.min-response-time")
    public Response requestReset(@NotNull @Valid PasswordResetRequest request) {
        resets.requestReset(request.email(), ClientInfo.of(http));
        return Response.accepted(Accepted.MAIL_ON_ITS_WAY).build();
    }

    @POST
    @Path("/confirmation")
    @Operation(summary = "Set a new password with the token from the reset mail",
            description = "The token works once. Revokes every refresh token of the account.")
    @APIResponse(responseCode = "204", description = "Password changed")
    @APIResponse(responseCode = "400", description = "reset-token-invalid (unknown, expired or used token), a new "
            + "password the rules refuse, or a malformed request")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public Response confirm(@NotNull @Valid PasswordResetConfirmation confirmation) {
        resets.confirm(confirmation, ClientInfo.of(http));
        return Response.noContent().build();
    }
}
