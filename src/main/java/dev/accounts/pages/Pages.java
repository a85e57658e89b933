package dev.accounts.pages;

import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.security.HashingBusyException;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

/** Answers of the pages: HTML, with the CSRF cookie when the browser needs one; errors as HTML pages too. */
final class Pages {

    private static final Logger LOG = Logger.getLogger(Pages.class);
    static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");
    /** Longest email address echoed back into a form; longer input is not an address anyway. */
    static final int MAX_ECHOED_EMAIL = 320;
    private static final String EMAIL_RULE = "Enter a valid email address, such as ada@example.com.";

    private Pages() {
    }

    static Response html(Status status, TemplateInstance page, CsrfTokens.Csrf csrf) {
        Response.ResponseBuilder response = Response.status(status).type(HTML).entity(page.render());
        if (csrf != null && csrf.cookie() != null) {
            response.cookie(csrf.cookie());
        }
        return response.build();
    }

    /**
     * The "send me a new link" form of both pages: the same answer for every well-formed address, as the
     * API gives; an invalid one comes back in the form with the rule beside it.
     *
     * @param request the API's request for a new mail, given the stripped address
     * @param formWithError the page with the form, given the address to echo and the message
     * @param sent the page that says a mail is on its way
     */
    static Response newLinkRequested(Look look, String email, String csrf, HttpServerRequest http,
            Consumer<String> request, BiFunction<String, String, TemplateInstance> formWithError,
            TemplateInstance sent) {
        if (!CsrfTokens.valid(http, csrf)) {
            return csrfRefused(look);
        }
        String address = email == null ? "" : email.strip();
        try {
            if (address.length() > MAX_ECHOED_EMAIL) {
                throw ProblemException.invalidField("email", EMAIL_RULE);
            }
            request.accept(address);
        } catch (ProblemException e) {
            if (e.type() != ProblemType.VALIDATION_FAILED) {
                throw e;
            }
            String echoed = address.length() > MAX_ECHOED_EMAIL ? "" : address;
            return html(Status.BAD_REQUEST, formWithError.apply(echoed, EMAIL_RULE), null);
        }
        return html(Status.OK, sent, null);
    }

    static Response csrfRefused(Look look) {
        return error(look, Status.FORBIDDEN, "This form has expired",
                "For your security the form could not be verified. Open the link from your mail again; "
                        + "your browser must accept cookies from this site.");
    }

    static Response error(Look look, Status status, String heading, String message) {
        return html(status, PageTemplates.error(look, heading, message), null);
    }

    /** Failures the page resources did not handle themselves, as HTML instead of the API's problem JSON. */
    static Response failure(Look look, Throwable e, String path) {
        if (e instanceof HashingBusyException) {
            return Response.fromResponse(error(look, Status.SERVICE_UNAVAILABLE, "Please try again",
                    "The service is busy right now. Go back and submit the form again in a moment."))
                    .header("Retry-After", "1").build();
        }
        if (e instanceof WebApplicationException http && http.getResponse().getStatus() < 500) {
            int status = http.getResponse().getStatus();
            return html(Status.fromStatusCode(status) == null ? Status.BAD_REQUEST : Status.fromStatusCode(status),
                    PageTemplates.error(look, "This request could not be handled",
                            "Open the link from your mail again."), null);
        }
        if (e instanceof ProblemException problem && problem.type().status().getStatusCode() < 500) {
            return error(look, problem.type().status(), "This request could not be handled",
                    "Open the link from your mail again.");
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure of page %s (reference %s)", path, reference);
        return error(look, Status.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Your request could not be completed. Please try again later. Reference: " + reference + ".");
    }
}
