package dev.accounts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a declared body over the limit with a 413 problem before anything reads it. Bodies sent
 * without a Content-Length are cut off at the same size by {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** 64 KiB: far above any legitimate JSON body of this API. Keep in step with max-body-size. */
    public static final long MAX_BYTES = 64 * 1024;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        // Right after RequestIds, so that the 413 carries the request id.
        router.route().order(RequestIds.ORDER + 1).handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        String declared = rc.request().getHeader("Content-Length");
        if (declared == null || !exceeds(declared)) {
            rc.next();
            return;
        }
        ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
        Problem problem = new Problem(type.uri(), type.title(), type.status().getStatusCode(),
                "The request body may be at most " + MAX_BYTES + " bytes.", rc.request().path(), null);
        try {
            rc.response().setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            rc.fail(413, e);
        }
    }

    private static boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.strip()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
