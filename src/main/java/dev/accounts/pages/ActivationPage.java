package dev.accounts.pages;

import java.util.Objects;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.http.Throttled;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.registration.RegistrationService;
import dev.accounts.security.PasswordPolicy;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

/**
 * The page the activation mail links to. The GET only shows the form: mail scanners and link previews
 * fetch links before people click them, so a GET must never spend the token. The POST does, and sets the
 * password typed into the form: an account activated from its mailbox never keeps a password someone else
 * chose at registration (README "Pre-account hijacking"). A refused password is shown next to its field
 * and the form keeps the token.
 * Pages, not API: left out of the OpenAPI document.
 */
@Path(ActivationPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RunOnVirtualThread
public class ActivationPage {

    static final String PATH = "/activate";

    @Inject
    RegistrationService registrations;

    @Inject
    PasswordPolicy passwordPolicy;

    @Inject
    AccountsConfig config;

    @Context
    HttpServerRequest http;

    @Operation(hidden = true)
    @GET
    public Response show(@RestQuery String token) {
        CsrfTokens.Csrf csrf = CsrfTokens.forForm(http);
        if (token == null || token.isBlank()) {
            return Pages.html(Status.BAD_REQUEST, PageTemplates.activationLinkInvalid(look(), csrf.value(), "", null), csrf);
        }
        return Pages.html(Status.OK, form(token, csrf.value(), null, null), csrf);
    }

    @Operation(hidden = true)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response activate(@RestForm String token, @RestForm String password, @RestForm String confirmation,
            @RestForm(CsrfTokens.FIELD) String csrf) {
        if (!CsrfTokens.valid(http, csrf)) {
            return Pages.csrfRefused(look());
        }
        if (token == null || token.isBlank()) {
            return Pages.html(Status.BAD_REQUEST, PageTemplates.activationLinkInvalid(look(), csrf, "", null), null);
        }
        String chosen = PasswordPolicy.normalize(Objects.requireNonNullElse(password, ""));
        if (!chosen.equals(PasswordPolicy.normalize(Objects.requireNonNullElse(confirmation, "")))) {
            return Pages.html(Status.BAD_REQUEST,
                    form(token, csrf, null, "The two passwords are not the same. Type the password twice."), null);
        }
        try {
            registrations.activate(token, chosen, ClientInfo.of(http));
        } catch (ProblemException e) {
            if (e.type() == ProblemType.ACTIVATION_TOKEN_INVALID) {
                return Pages.html(Status.BAD_REQUEST, PageTemplates.activationLinkInvalid(look(), csrf, "", null), null);
            }
            String refused = e.errors().stream().filter(error -> error.field().equals("password"))
                    .map(Problem.FieldError::message).findFirst().orElseThrow(() -> e);
            return Pages.html(Status.BAD_REQUEST, form(token, csrf, "The password " + refused + ".", null), null);
        }
        return Pages.html(Status.OK, PageTemplates.activated(look()), null);
    }

    /** A new activation mail; the same answer for every well-formed address, as the API gives. */
    @Operation(hidden = true)
    @POST
    @Path("/new-link")
    // The same per-client budget as the API's request for a new mail: the page must not be a way around it.
    @Throttled(Throttled.Endpoint.ACTIVATION_REQUEST)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response requestNewLink(@RestForm String email, @RestForm(CsrfTokens.FIELD) String csrf) {
        return Pages.newLinkRequested(look(), email, csrf, http, address -> registrations.resendActivation(address, ClientInfo.of(http)),
                (echoed, rule) -> PageTemplates.activationLinkInvalid(look(), csrf, echoed, rule), PageTemplates.activationMailSent(look()));
    }

    /** This resource's failures are pages too; the JSON API keeps its problem details. */
    @ServerExceptionMapper
    public Response failure(Throwable e, UriInfo uri) {
        return Pages.failure(look(), e, uri.getPath());
    }

    private TemplateInstance form(String token, String csrf, String passwordError, String confirmationError) {
        return PageTemplates.activate(look(), token, csrf, passwordPolicy.minLength(), passwordPolicy.maxLength(),
                passwordError, confirmationError);
    }

    private Look look() {
        return Look.of(config.pages());
    }
}
