package dev.accounts.problem;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Quarkus security answers a failed or missing bearer token with a bare 401; these make it a problem like
 * every other error, with the RFC 6750 challenge. The detail never says what exactly was wrong with a
 * token (expired, tampered, unknown key): that helps only whoever forges them.
 */
public class SecurityProblemMappers {

    private static final String BEARER_CHALLENGE = "Bearer";

    /**
     * A bearer token was sent but does not verify: bad signature, expired, wrong issuer or audience, garbage.
     * The JWT mechanism has already put its {@code WWW-Authenticate: Bearer} challenge on the response.
     */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return Problems.response(ProblemType.UNAUTHORIZED, "The access token is invalid or expired.", uri, List.of());
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return Response.fromResponse(Problems.response(ProblemType.UNAUTHORIZED,
                        "This endpoint needs an access token: 'Authorization: Bearer ...'.", uri, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problems.response(ProblemType.FORBIDDEN, "Your roles do not allow this.", uri, List.of());
    }
}
