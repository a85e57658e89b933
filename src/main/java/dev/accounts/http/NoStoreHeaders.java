package dev.accounts.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code Cache-Control: no-store} on every answer of the API ({@code /api/v1/**}): profiles, token pairs,
 * session lists, administration pages and exports hold personal data or secrets, and neither a browser
 * nor a shared proxy may keep them (ASVS 14.3.2). Set on the router, before every route, so that no
 * answer of these paths goes without it, errors and refusals (401, 413, 429) included. The pages set it
 * themselves (pages/PageHeaders); the JWKS and the OpenAPI document stay cacheable.
 */
@ApplicationScoped
public class NoStoreHeaders {

    static final String API = "/api/";

    /** Right after the request id, before any route that answers. */
    private static final int ORDER = Integer.MIN_VALUE + 5;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::addHeaders);
    }

    private void addHeaders(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path != null && path.startsWith(API)) {
            rc.addHeadersEndHandler(ignored -> rc.response().headers().set("Cache-Control", "no-store"));
        }
        rc.next();
    }
}
