package dev.accounts.pages;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.accounts.config.AccountsConfig;
import dev.accounts.problem.Problem;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

/**
 * Problems raised before a page resource is chosen (405 for a GET of a form's target, 415 for a body
 * that is not a form) come from the API's global mappers as problem JSON; on the page paths a person
 * is reading, so they become an HTML page with the same status.
 */
public class PageErrors {

    /** Looked up per use: filters are created at static init, before the configuration mapping exists. */
    @Inject
    Instance<AccountsConfig> config;

    @ServerResponseFilter
    public void asHtml(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type == null || !PageHeaders.isPage(request.getUriInfo().getPath())
                || !Problem.MEDIA_TYPE.equals(type.getType() + "/" + type.getSubtype())) {
            return;
        }
        Status status = Status.fromStatusCode(response.getStatus());
        String heading = status == Status.NOT_FOUND ? "Page not found" : "This request could not be handled";
        response.setEntity(PageTemplates.error(Look.of(config.get().pages()), heading, "Open the link from your mail again.")
                .render(), null, Pages.HTML);
    }
}
