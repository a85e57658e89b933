package dev.accounts.registration;

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
import dev.accounts.user.UserProfile;
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

@Path("/api/v1/registrations")
@Tag(name = "Registration", description = "Self-registration and email activation")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@RunOnVirtualThread
public class RegistrationResource {

    @Inject
    RegistrationService registrations;

    @Context
    HttpServerRequest http;

    @POST
    @Operation(summary = "Register a new account",
            description = "Answers 202 with the same body whether or not the address already has an account. "
                    + "A new address gets an activation mail; a taken one a notice (at most one an hour).")
    @APIResponse(responseCode = "202", description = "Accepted; a mail is on its way if the address can receive it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid email, password or display name")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    @Throttled(Throttled.Endpoint.REGISTRATION)
    public Response register(@NotNull @Valid RegistrationRequest request) {
        registrations.register(request, ClientInfo.of(http));
        return Response.accepted(Accepted.MAIL_ON_ITS_WAY).build();
    }

    @POST
    @Path("/activation")
    @Operation(summary = "Activate an account with the token from its activation mail, and set its password",
            description = "A token works once. Unknown, expired or used tokens get 400 activation-token-invalid. "
                    + "The password is required and becomes the account's password (it may be the one registered "
                    + "with): an account activated from its mailbox never keeps a password someone else chose.")
    @APIResponse(responseCode = "200", description = "The activated account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfile.class)))
    @APIResponse(responseCode = "400", description = "activation-token-invalid, a password the rules refuse, or a malformed request")
    @APIResponse(responseCode = "503", description = "Password hashing capacity exhausted; retry after Retry-After")
    public UserProfile activate(@NotNull @Valid ActivationRequest request) {
        return registrations.activate(request.token(), request.password(), ClientInfo.of(http));
    }

    @POST
    @Path("/activation-requests")
    @Operation(summary = "Ask for a new activation mail",
            description = "A fresh token replaces the old one. The same 202 for every address.")
    @APIResponse(responseCode = "202", description = "Accepted; a mail is on its way if the address has a pending account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Not an email address, or a malformed request")
    @Throttled(Throttled.Endpoint.ACTIVATION_REQUEST)
    @MinResponseTime("accounts.registration.activation-request-min-response-time")
    public Response requestActivationMail(@NotNull @Valid ActivationMailRequest request) {
        registrations.resendActivation(request.email(), ClientInfo.of(http));
        return Response.accepted(Accepted.MAIL_ON_ITS_WAY).build();
    }
}
