package dev.accounts.pages;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.accounts.config.AccountsConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.user.LoginAttempts;
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
 * The page the lock mail's unlock link opens. As for activation, the GET only shows a button (mail
 * scanners fetch links); the POST spends the token and lifts every lock of the account. Then the person
 * signs in as usual: the link unlocks, it does not sign in. Pages, not API: left out of the OpenAPI document.
 */
@Path(UnlockPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RunOnVirtualThread
public class UnlockPage {

    static final String PATH = "/unlock";
    private static final String INVALID_HEADING = "This unlock link does not work";
    private static final String INVALID_MESSAGE = "It is unknown, expired or already used. Wait for the lock to end, "
            + "or reset your password, which lifts it at once.";

    @Inject
    LoginAttempts attempts;

    @Inject
    AccountsConfig config;

    @Context
    HttpServerRequest http;

    @Operation(hidden = true)
    @GET
    public Response show(@RestQuery String token) {
        CsrfTokens.Csrf csrf = CsrfTokens.forForm(http);
        if (token == null || token.isBlank()) {
            return Pages.html(Status.BAD_REQUEST, PageTemplates.error(look(), INVALID_HEADING, INVALID_MESSAGE), null);
        }
        return Pages.html(Status.OK, PageTemplates.unlock(look(), token, csrf.value()), csrf);
    }

    @Operation(hidden = true)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlock(@RestForm String token, @RestForm(CsrfTokens.FIELD) String csrf) {
        if (!CsrfTokens.valid(http, csrf)) {
            return Pages.csrfRefused(look());
        }
        if (token == null || token.isBlank() || !attempts.unlock(token, ClientInfo.of(http))) {
            return Pages.html(Status.BAD_REQUEST, PageTemplates.error(look(), INVALID_HEADING, INVALID_MESSAGE), null);
        }
        return Pages.html(Status.OK, PageTemplates.unlocked(look()), null);
    }

    /** This resource's failures are pages too; the JSON API keeps its problem details. */
    @ServerExceptionMapper
    public Response failure(Throwable e, UriInfo uri) {
        return Pages.failure(look(), e, uri.getPath());
    }

    private Look look() {
        return Look.of(config.pages());
    }
}
