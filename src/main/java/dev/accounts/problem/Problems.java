package dev.accounts.problem;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds problem responses. */
public final class Problems {

    /** Types that answer one situation; a bare status never maps to them. */
    private static final Set<ProblemType> SPECIFIC = EnumSet.of(ProblemType.MALFORMED_BODY,
            ProblemType.ACTIVATION_TOKEN_INVALID, ProblemType.INVALID_CREDENTIALS, ProblemType.ACCOUNT_NOT_ACTIVATED,
            ProblemType.REFRESH_TOKEN_INVALID, ProblemType.RESET_TOKEN_INVALID);

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
            if (type.status().getStatusCode() == status && !SPECIFIC.contains(type)) {
                return type;
            }
        }
        return null;
    }
}
