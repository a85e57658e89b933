package dev.accounts.security;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.accounts.problem.ProblemType;
import dev.accounts.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Every hashing thread is busy: 503 with a short Retry-After, never a wait that holds the request. */
public class HashingBusyMapper {

    private static final String RETRY_AFTER_SECONDS = "1";

    @ServerExceptionMapper
    public Response hashingBusy(HashingBusyException e, UriInfo uri) {
        return Response.fromResponse(Problems.response(ProblemType.SERVICE_BUSY,
                        "Too many password operations are in progress; retry in a moment.", uri, List.of()))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
