package dev.accounts.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Turns every failure into an RFC 9457 problem. Details are written here, never copied from exception
 * messages: those can echo request content (a password in malformed JSON) or name Java classes.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = Problems.response(e.type(), e.detail(), uri, e.errors());
        if (e.retryAfterSeconds().isEmpty()) {
            return response;
        }
        return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().getAsLong()).build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return Problems.response(ProblemType.VALIDATION_FAILED, "The request has invalid fields.", uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return Problems.fromJson(e, uri);
    }

    /** Quarkus has a mapper of its own for this subtype, answering plain JSON; ours takes precedence. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return Problems.fromJson(e, uri);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return Problems.fromJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request to %s failed with %d", printable(uri.getPath()), status);
        }
        Response.ResponseBuilder response = Problems.builder(Problems.typeFor(status), status, null, uri, List.of());
        // Keep headers the status depends on (Allow for 405, Retry-After for 429/503, WWW-Authenticate for 401).
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isConcurrentUpdate(e)) {
            // Two requests changed one row at once (@Version); the loser may simply retry.
            return Problems.response(ProblemType.CONFLICT,
                    "The resource was changed by another request at the same time; retry.", uri, List.of());
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure of %s (reference %s)", printable(uri.getPath()), reference);
        return Problems.response(ProblemType.INTERNAL_ERROR,
                "The request could not be completed; reference " + reference + ".", uri, List.of());
    }

    /** An optimistic-lock failure, however deep the transaction machinery wrapped it. */
    private static boolean isConcurrentUpdate(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decoded path is the client's text: %0D%0A in it would otherwise start a forged log line. Control
     * characters become '?', and the length is capped.
     */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 300 ? clean : clean.substring(0, 300) + "...";
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        boolean inBody = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                inBody = true;
                continue;
            }
            if (inBody && node.getName() != null) {
                names.add(node.getName());
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    /** Field path of a Jackson binding failure, as the client named it. */
    static String jsonPath(JsonMappingException e) {
        List<String> names = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            names.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return names.isEmpty() ? "body" : String.join(".", names).replace(".[", "[");
    }

    static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static List<Problem.FieldError> bindingErrors(JsonProcessingException e) {
        if (e instanceof PropertyBindingException unknown) {
            return List.of(new Problem.FieldError(jsonPath(unknown), "is not a known field"));
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return List.of(new Problem.FieldError(jsonPath(mismatch), "has the wrong type"));
        }
        return List.of();
    }
}
