package dev.accounts.problem;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds problem responses. */
public final class Problems {

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
        for (ProblemType type : ProblemType.values()) {
            if (type.status().getStatusCode() == status && type != ProblemType.ACTIVATION_TOKEN_INVALID
                    && type != ProblemType.MALFORMED_BODY) {
                return type;
            }
        }
        return null;
    }
}
