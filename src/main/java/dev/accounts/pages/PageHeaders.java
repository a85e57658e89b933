package dev.accounts.pages;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every response under the page paths, error pages and the stylesheets included.
 * Set on the router rather than in the resources so that no answer of these paths goes without them.
 */
@ApplicationScoped
public class PageHeaders {

    /** No script at all; styles only from our own stylesheets; forms only to ourselves; never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Early, before the routes that answer (static resources, REST), so that their answers get the headers. */
    private static final int ORDER = Integer.MIN_VALUE + 10;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::addHeaders);
    }

    static boolean isPage(String path) {
        return path != null && (path.equals(ActivationPage.PATH) || path.startsWith(ActivationPage.PATH + "/")
                || path.equals(ResetPasswordPage.PATH) || path.startsWith(ResetPasswordPage.PATH + "/")
                || path.equals(UnlockPage.PATH) || path.startsWith(UnlockPage.PATH + "/")
                || path.startsWith(Stylesheets.PATH + "/"));
    }

    private void addHeaders(RoutingContext rc) {
        if (isPage(rc.normalizedPath())) {
            rc.addHeadersEndHandler(ignored -> {
                MultiMap headers = rc.response().headers();
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                // The token is in the page's URL: it must not leave in a Referer header.
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("X-Frame-Options", "DENY");
                headers.set("X-Content-Type-Options", "nosniff");
                // Pages hold tokens and CSRF values: neither the browser nor a proxy may keep them.
                headers.set("Cache-Control", "no-store");
            });
        }
        rc.next();
    }
}
