package dev.accounts.problem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds problem responses. */
public final class Problems {

    /**
     * The type of a bare status (a JAX-RS exception, Quarkus's own 401/403/404/405...). Types that answer
     * one situation (invalid-credentials, malformed-body...) are never chosen for a bare status; a status
     * not in the table gets about:blank.
     */
    private static final Map<Integer, ProblemType> BY_STATUS = Map.ofEntries(
            Map.entry(400, ProblemType.VALIDATION_FAILED),
            Map.entry(401, ProblemType.UNAUTHORIZED),
            Map.entry(403, ProblemType.FORBIDDEN),
            Map.entry(404, ProblemType.NOT_FOUND),
            Map.entry(405, ProblemType.METHOD_NOT_ALLOWED),
            Map.entry(406, ProblemType.NOT_ACCEPTABLE),
            Map.entry(409, ProblemType.CONFLICT),
            Map.entry(411, ProblemType.LENGTH_REQUIRED),
            Map.entry(413, ProblemType.PAYLOAD_TOO_LARGE),
            Map.entry(415, ProblemType.UNSUPPORTED_MEDIA_TYPE),
            Map.entry(429, ProblemType.TOO_MANY_REQUESTS),
            Map.entry(500, ProblemType.INTERNAL_ERROR),
            Map.entry(503, ProblemType.SERVICE_BUSY));

    private Problems() {
    }

    public static Response response(ProblemType type, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return builder(type, type.status().getStatusCode(), detail, uri, errors).build();
    }

    /** A problem of the given type, or of type {@code about:blank} (RFC 9457) for a status we have none for. */
    static Response.ResponseBuilder builder(ProblemType type, int status, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        String typeUri = type != null ? type.uri() : "about:blank";
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = type != null ? type.title() : known != null ? known.getReasonPhrase() : "Error";
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        Problem problem = new Problem(typeUri, title, status, detail, instance, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }

    static Response fromJson(JsonProcessingException e, UriInfo uri) {
        List<Problem.FieldError> errors = ProblemMappers.bindingErrors(e);
        if (!errors.isEmpty()) {
            return response(ProblemType.VALIDATION_FAILED, "The request has invalid fields.", uri, errors);
        }
        return response(ProblemType.MALFORMED_BODY,
                "The body is not valid JSON of the expected shape" + ProblemMappers.location(e.getLocation()) + ".",
                uri, List.of());
    }

    static ProblemType typeFor(int status) {
        return BY_STATUS.get(status);
    }
}
