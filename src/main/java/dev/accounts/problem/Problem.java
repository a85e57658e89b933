package dev.accounts.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem details body, served as {@code application/problem+json}. {@code errors} lists the
 * fields a validation failure is about. Registered for reflection because the native image cannot see
 * it being serialized: it travels inside {@code Response} entities and through BodySizeLimit's own
 * ObjectMapper call, never as a resource method's declared return type.
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "Identifies the kind of problem", example = "/problems/validation-failed", maxLength = 100)
        String type,
        @Schema(description = "Short summary of the kind of problem", example = "Invalid request", maxLength = 100)
        String title,
        @Schema(description = "HTTP status code", example = "400", minimum = "400", maximum = "599") int status,
        @Schema(description = "What went wrong in this occurrence", maxLength = 1000) String detail,
        // Vert.x refuses request lines over 4096 bytes.
        @Schema(description = "The request path", maxLength = 4096) String instance,
        @Schema(description = "One entry per invalid field", maxItems = 50) List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "/problems/";

    /** One invalid input: the field's JSON name (a dotted path when nested) and what is wrong with it. */
    public record FieldError(
            @Schema(example = "email", maxLength = 200) String field,
            @Schema(example = "must be a valid email address", maxLength = 500) String message) {
    }
}
