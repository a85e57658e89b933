package dev.accounts.http;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemType;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * JSON bodies may be at most 64 KiB. The limit is checked on the declared Content-Length before anything
 * reads the body, so the answer is a 413 problem. Streamed uploads (the NDJSON import) are the exception:
 * they may be as large as {@code quarkus.http.limits.max-body-size}, the hard cap for everything. A JSON
 * body sent chunked, without a Content-Length, cannot be measured before it is read, so it is refused
 * with 411 Length Required.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** 64 KiB: far above any legitimate JSON body of this API. */
    public static final long MAX_BYTES = 64 * 1024;

    /** Paths that take streamed uploads, bounded only by quarkus.http.limits.max-body-size. */
    static final Set<String> STREAMED_UPLOADS = Set.of("/api/v1/admin/users/import");

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        // Right after RequestIds, so that the 413 carries the request id.
        router.route().order(RequestIds.ORDER + 1).handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        if (STREAMED_UPLOADS.contains(rc.normalizedPath())) {
            rc.next();
            return;
        }
        String declared = rc.request().getHeader("Content-Length");
        if (declared != null && exceeds(declared)) {
            refuse(rc, ProblemType.PAYLOAD_TOO_LARGE, "The request body may be at most " + MAX_BYTES + " bytes.");
        } else if (declared == null && isChunked(rc)) {
            refuse(rc, ProblemType.LENGTH_REQUIRED, "Send the body with a Content-Length header.");
        } else {
            rc.next();
        }
    }

    private void refuse(RoutingContext rc, ProblemType type, String detail) {
        Problem problem = new Problem(type.uri(), type.title(), type.status().getStatusCode(), detail,
                rc.request().path(), null);
        try {
            rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
            // HTTP/1.1 closes the connection rather than read the body it refuses. HTTP/2 forbids the
            // Connection header (RFC 9113, 8.2.2: clients reject the response as malformed); ending the
            // stream is enough there.
            if (rc.request().version() != HttpVersion.HTTP_2) {
                rc.response().putHeader("Connection", "close");
            }
            rc.response().end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            rc.fail(problem.status(), e);
        }
    }

    private static boolean isChunked(RoutingContext rc) {
        String encoding = rc.request().getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase().contains("chunked");
    }

    private static boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.strip()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
