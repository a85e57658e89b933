package dev.accounts.problem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** Thrown by services to answer with a problem; the mapper turns it into the response. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String detail;
    private final List<Problem.FieldError> errors;
    /** Seconds for the Retry-After header; negative: none. */
    private final long retryAfterSeconds;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        this(type, detail, errors, -1);
    }

    private ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, long retryAfterSeconds) {
        super(type.uri(), null, false, false);
        this.type = type;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 429 whose Retry-After header (RFC 9110, 10.2.3) says in how many seconds a retry can succeed. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, detail, List.of(), Math.max(1, retryAfterSeconds));
    }

    /** Whole seconds from now until then, rounded up (a client that waits that long finds it over), at least 1. */
    public static long secondsUntil(Instant now, Instant then) {
        Duration left = Duration.between(now, then);
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
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

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }
}
