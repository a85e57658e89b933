package dev.accounts.http;

import java.io.IOException;
import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.accounts.problem.ProblemType;
import dev.accounts.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Reading the body failed: the client went away, or a chunked body passed
 * {@code quarkus.http.limits.max-body-size}, to which Quarkus has usually answered 413 already. A client's
 * fault either way, so no error log and no 500.
 */
public class BodyReadFailures {

    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        if (e.getMessage() != null && e.getMessage().contains("too large")) {
            return Problems.response(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body may be at most " + BodySizeLimit.MAX_BYTES + " bytes.", uri, List.of());
        }
        return Problems.response(ProblemType.MALFORMED_BODY, "The request body could not be read.", uri, List.of());
    }
}
