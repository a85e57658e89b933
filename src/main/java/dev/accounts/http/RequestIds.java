package dev.accounts.http;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request an id, logged with each line written while serving it (MDC key
 * {@value #MDC_KEY}) and echoed in the {@value #HEADER} response header, so that a client's report or
 * a proxy's access log leads to our log lines. An incoming id is kept when it looks like one (a proxy
 * or the calling service made it); anything else is replaced, because the value lands in logs.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** First of all routes, so that even a request refused early (413) carries its id. */
    static final int ORDER = Integer.MIN_VALUE;

    /** UUIDs, W3C trace ids, ULIDs and the like; no spaces, quotes or control characters. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{7,127}");

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::assign);
    }

    private void assign(RoutingContext rc) {
        String incoming = rc.request().getHeader(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        // Quarkus keeps the MDC in the request's Vert.x context, so it follows the request onto the
        // worker or virtual thread that serves it and goes away with it.
        MDC.put(MDC_KEY, id);
        rc.response().headers().set(HEADER, id);
        rc.next();
    }
}
