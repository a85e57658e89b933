package dev.accounts.problem;

import jakarta.ws.rs.core.Response.Status;

/** The problems this service answers with; each has a stable type URI ({@code /problems/<slug>}). */
public enum ProblemType {
    VALIDATION_FAILED("validation-failed", Status.BAD_REQUEST, "Invalid request"),
    MALFORMED_BODY("malformed-body", Status.BAD_REQUEST, "Malformed request body"),
    ACTIVATION_TOKEN_INVALID("activation-token-invalid", Status.BAD_REQUEST,
            "Activation link is invalid, expired or already used"),
    INVALID_CREDENTIALS("invalid-credentials", Status.UNAUTHORIZED, "Invalid email or password"),
    REFRESH_TOKEN_INVALID("refresh-token-invalid", Status.UNAUTHORIZED,
            "Refresh token is invalid, expired or revoked"),
    UNLOCK_TOKEN_INVALID("unlock-token-invalid", Status.BAD_REQUEST, "Unlock link is invalid, expired or already used"),
    RESET_TOKEN_INVALID("reset-token-invalid", Status.BAD_REQUEST, "Password reset link is invalid, expired or already used"),
    UNAUTHORIZED("unauthorized", Status.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", Status.FORBIDDEN, "Not allowed"),
    NOT_FOUND("not-found", Status.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", Status.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", Status.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT("conflict", Status.CONFLICT, "Conflict"),
    MFA_CODE_INVALID("mfa-code-invalid", Status.BAD_REQUEST, "Second-factor code is not correct"),
    MFA_VERIFICATION_FAILED("mfa-verification-failed", Status.UNAUTHORIZED,
            "The login challenge is unknown, expired or used, or the code is not correct"),
    MFA_PROOF_INVALID("mfa-proof-invalid", Status.BAD_REQUEST, "The password or the second-factor code is not correct"),
    STEP_UP_REQUIRED("step-up-required", Status.UNAUTHORIZED, "A recent second factor is required"),
    LENGTH_REQUIRED("length-required", Status.LENGTH_REQUIRED, "Length required"),
    PAYLOAD_TOO_LARGE("payload-too-large", Status.REQUEST_ENTITY_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", Status.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    TOO_MANY_REQUESTS("too-many-requests", Status.TOO_MANY_REQUESTS, "Too many requests"),
    SERVICE_BUSY("service-busy", Status.SERVICE_UNAVAILABLE, "Service busy, retry shortly"),
    INTERNAL_ERROR("internal-error", Status.INTERNAL_SERVER_ERROR, "Internal error");

    private final String slug;
    private final Status status;
    private final String title;

    ProblemType(String slug, Status status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return Problem.TYPE_PREFIX + slug;
    }

    public Status status() {
        return status;
    }

    public String title() {
        return title;
    }
}
