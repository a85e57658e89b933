package dev.accounts.problem;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import dev.accounts.admin.AdminUserService;
import dev.accounts.admin.UserImport;
import dev.accounts.registration.Registration;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What the OWASP API rules (Spectral, .ci/spectral/.spectral.yaml) ask of the document and the Java types
 * cannot say: the bounds of what the service answers (response strings, numbers and lists), relative
 * servers, the JWT scheme's practices, and the rate-limit headers of the throttled endpoints. Request
 * bodies get their bounds from their Bean Validation annotations.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiLimitsFilter implements OASFilter {

    private static final int EMAIL = 254;
    private static final int DISPLAY_NAME = 100;
    private static final int ROLE = 64;
    private static final int ROLES = 16;
    private static final int TIMESTAMP = 35;
    /** The request path the problem is about: Vert.x refuses request lines over 4096 bytes. */
    private static final int PATH = 4096;

    /** Bounds of strings, by "Schema.property". */
    private static final Map<String, Integer> MAX_LENGTHS = Map.ofEntries(
            Map.entry("Accepted.message", 200),
            Map.entry("AdminUserView.email", EMAIL),
            Map.entry("AdminUserView.displayName", DISPLAY_NAME),
            Map.entry("UserProfile.email", EMAIL),
            Map.entry("UserProfile.displayName", DISPLAY_NAME),
            Map.entry("UserProfile.activatedAt", TIMESTAMP),
            Map.entry("FieldError.field", 200),
            Map.entry("FieldError.message", 500),
            Map.entry("ImportLineError.problem", 500),
            Map.entry("Problem.type", 100),
            Map.entry("Problem.title", 100),
            Map.entry("Problem.detail", 1000),
            Map.entry("Problem.instance", PATH),
            Map.entry("RegistrationView.registeredIp", 45),
            Map.entry("RegistrationView.registeredUserAgent", Registration.USER_AGENT_MAX_LENGTH),
            // An RS256 JWT with a handful of roles stays well under this.
            Map.entry("TokenResponse.accessToken", 8192),
            Map.entry("TokenResponse.tokenType", 6),
            // 256 random bits, URL-safe base64: 43 characters.
            Map.entry("TokenResponse.refreshToken", 64),
            Map.entry("UserPage.nextCursor", 200));

    /** Bounds of integers, by "Schema.property": {minimum, maximum}. */
    private static final Map<String, long[]> RANGES = Map.of(
            "AdminUserView.failedLoginCount", new long[] { 0, Integer.MAX_VALUE },
            "ImportLineError.line", new long[] { 1, Long.MAX_VALUE },
            "ImportSummary.imported", new long[] { 0, Long.MAX_VALUE },
            "ImportSummary.skipped", new long[] { 0, Long.MAX_VALUE },
            "Problem.status", new long[] { 400, 599 },
            "TokenResponse.expiresIn", new long[] { 1, Integer.MAX_VALUE },
            "TokenResponse.refreshExpiresIn", new long[] { 1, Integer.MAX_VALUE });

    /** Bounds of lists, by "Schema.property". */
    private static final Map<String, Integer> MAX_ITEMS = Map.of(
            "AdminUserView.roles", ROLES,
            // The request's own bound (@Size(max = 20)) is kept; this fills in its items' length.
            "AdminUserUpdate.roles", 20,
            "UserProfile.roles", ROLES,
            "ExportedAccount.roles", ROLES,
            "ImportSummary.errors", UserImport.MAX_REPORTED_ERRORS,
            "JsonWebKeySet.keys", 10,
            "Problem.errors", 50,
            "UserPage.items", AdminUserService.MAX_PAGE_SIZE);

    private static final List<String> RATE_LIMITED = List.of("/api/v1/auth/login", "/api/v1/registrations",
            "/api/v1/registrations/activation-requests", "/api/v1/password-resets");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setServers(List.of(OASFactory.createServer()
                .url("/")
                .description("This service, in production or local: paths are relative to where this document was fetched")
                .addExtension("x-internal", false)));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach(this::bound);
            Schema uuid = openAPI.getComponents().getSchemas().get("UUID");
            if (uuid != null) {
                uuid.maxLength(36);
            }
            Schema instant = openAPI.getComponents().getSchemas().get("Instant");
            if (instant != null) {
                instant.maxLength(TIMESTAMP);
            }
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSecuritySchemes() != null) {
            SecurityScheme bearer = openAPI.getComponents().getSecuritySchemes().get("bearer");
            if (bearer != null) {
                bearer.description("Access token from POST /api/v1/auth/login: a JWT signed with RS256 (the algorithm is "
                        + "fixed, never taken from the token), checked for issuer, audience and expiry (5 minutes), as "
                        + "RFC8725 (JSON Web Token Best Current Practices) recommends.");
            }
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                boundParameters(operation);
                if (RATE_LIMITED.contains(path) && method.name().equals("POST")) {
                    addRateLimitHeaders(operation);
                }
            }));
        }
    }

    private void bound(String schemaName, Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((property, value) -> {
            String key = schemaName + "." + property;
            Integer maxLength = MAX_LENGTHS.get(key);
            if (maxLength != null && value.getMaxLength() == null) {
                value.maxLength(maxLength);
            }
            long[] range = RANGES.get(key);
            if (range != null) {
                value.minimum(BigDecimal.valueOf(range[0])).maximum(BigDecimal.valueOf(range[1]));
            }
            Integer maxItems = MAX_ITEMS.get(key);
            if (maxItems != null) {
                value.maxItems(maxItems);
                if (value.getItems() != null && value.getItems().getRef() == null && value.getItems().getMaxLength() == null) {
                    value.getItems().maxLength(ROLE);
                }
            }
        });
    }

    /** Path parameters are UUIDs; the NDJSON import body is bounded by quarkus.http.limits.max-body-size. */
    private void boundParameters(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> p.getSchema() != null && p.getSchema().getMaxLength() == null && "id".equals(p.getName()))
                    .forEach(p -> p.getSchema().maxLength(36));
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().forEach((type, media) -> {
                if (type.contains("ndjson") && media.getSchema() != null && media.getSchema().getMaxLength() == null) {
                    media.getSchema().maxLength(1 << 30);
                }
            });
        }
    }

    /** Sent by ThrottleFilter on every answer of a throttled endpoint (IETF draft httpapi-ratelimit-headers). */
    private void addRateLimitHeaders(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        for (Map.Entry<String, APIResponse> entry : operation.getResponses().getAPIResponses().entrySet()) {
            char kind = entry.getKey().charAt(0);
            if (kind != '2' && kind != '4') {
                continue;
            }
            APIResponse response = entry.getValue();
            response.addHeader("RateLimit-Limit", header("Requests allowed per minute from this address", 0, 1_000_000));
            response.addHeader("RateLimit-Remaining", header("Requests left in the current window", 0, 1_000_000));
            response.addHeader("RateLimit-Reset", header("Seconds until the window is full again", 0, 60));
            if (entry.getKey().equals("429")) {
                response.addHeader("Retry-After", header("Seconds to wait before retrying", 1, 60));
            }
        }
    }

    private static Header header(String description, long minimum, long maximum) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER).format("int32").minimum(BigDecimal.valueOf(minimum)).maximum(BigDecimal.valueOf(maximum)));
    }
}
