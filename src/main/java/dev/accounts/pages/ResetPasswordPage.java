package dev.accounts.pages;

import java.util.Objects;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.http.Throttled;
import dev.accounts.passwordreset.PasswordResetConfirmation;
import dev.accounts.passwordreset.PasswordResetService;
import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
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
 * The page the password reset mail links to: a form for the new password that lists the rules before
 * anything is sent, then the result. A refused password is shown next to its field and the form keeps
 * the token, so the person can try again without a new mail.
 */
@Path(ResetPasswordPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RunOnVirtualThread
public class ResetPasswordPage {

    static final String PATH = "/reset-password";

    @Inject
    PasswordResetService resets;

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
            return Pages.html(Status.BAD_REQUEST, PageTemplates.resetLinkInvalid(look(), csrf.value(), "", null), csrf);
        }
        return Pages.html(Status.OK, form(token, csrf.value(), null, null), csrf);
    }

    @Operation(hidden = true)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reset(@RestForm String token, @RestForm String password, @RestForm String confirmation,
            @RestForm(CsrfTokens.FIELD) String csrf) {
        if (!CsrfTokens.valid(http, csrf)) {
            return Pages.csrfRefused(look());
        }
        if (token == null || token.isBlank()) {
            return Pages.html(Status.BAD_REQUEST, PageTemplates.resetLinkInvalid(look(), csrf, "", null), null);
        }
        String newPassword = PasswordPolicy.normalize(Objects.requireNonNullElse(password, ""));
        if (!newPassword.equals(PasswordPolicy.normalize(Objects.requireNonNullElse(confirmation, "")))) {
            return Pages.html(Status.BAD_REQUEST,
                    form(token, csrf, null, "The two passwords are not the same. Type the new password twice."), null);
        }
        try {
            resets.confirm(new PasswordResetConfirmation(token, newPassword), ClientInfo.of(http));
        } catch (ProblemException e) {
            if (e.type() == ProblemType.RESET_TOKEN_INVALID) {
                return Pages.html(Status.BAD_REQUEST, PageTemplates.resetLinkInvalid(look(), csrf, "", null), null);
            }
            String refused = e.errors().stream().filter(error -> error.field().equals("newPassword"))
                    .map(Problem.FieldError::message).findFirst().orElseThrow(() -> e);
            return Pages.html(Status.BAD_REQUEST, form(token, csrf, "The new password " + refused + ".", null), null);
        }
        return Pages.html(Status.OK, PageTemplates.passwordChanged(look()), null);
    }

    /** A new reset mail; the same answer for every well-formed address, as the API gives. */
    @Operation(hidden = true)
    @POST
    @Path("/new-link")
    // The same per-client budget as the API's request for a new mail: the page must not be a way around it.
    @Throttled(Throttled.Endpoint.PASSWORD_RESET_REQUEST)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response requestNewLink(@RestForm String email, @RestForm(CsrfTokens.FIELD) String csrf) {
        return Pages.newLinkRequested(look(), email, csrf, http, address -> resets.requestReset(address, ClientInfo.of(http)),
                (echoed, rule) -> PageTemplates.resetLinkInvalid(look(), csrf, echoed, rule), PageTemplates.resetMailSent(look()));
    }

    /** This resource's failures are pages too; the JSON API keeps its problem details. */
    @ServerExceptionMapper
    public Response failure(Throwable e, UriInfo uri) {
        return Pages.failure(look(), e, uri.getPath());
    }

    private TemplateInstance form(String token, String csrf, String passwordError, String confirmationError) {
        return PageTemplates.resetPassword(look(), token, csrf, passwordPolicy.minLength(), passwordPolicy.maxLength(),
                passwordError, confirmationError);
    }

    private Look look() {
        return Look.of(config.pages());
    }
}
