package dev.accounts.problem;

import java.util.List;

/** Thrown by services to answer with a problem; the mapper turns it into the response. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String detail;
    private final List<Problem.FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(type.uri(), null, false, false);
        this.type = type;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    /** A validation failure of one field. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, "The request has invalid fields.",
                List.of(new Problem.FieldError(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
