package dev.accounts.openapi;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import dev.accounts.http.BodySizeLimit;
import dev.accounts.http.Throttled;
import dev.accounts.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The parts of the API contract that are the same for every endpoint, so that a resource declares only its
 * own responses (a status and what it means there):
 * <ul>
 * <li>every 4xx and 5xx response is an RFC 9457 {@link Problem}; every operation can answer 500, and 413
 * and 415 where it takes a body;</li>
 * <li>a {@link Throttled} resource method answers 429 with Retry-After, and its answers carry the
 * RateLimit headers that {@code ThrottleFilter} sends;</li>
 * <li>what the OWASP API rules (Spectral, .ci/spectral/.spectral.yaml) ask and Java types cannot say:
 * relative servers, bounded UUIDs, timestamps, path ids and streamed bodies, and the bearer scheme's
 * practices. The bounds of the bodies are on the records themselves ({@code @Schema}).</li>
 * </ul>
 * Runs at build time, given the index, which tells the throttled methods.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiContractFilter implements OASFilter {

    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final DotName THROTTLED = DotName.createSimple(Throttled.class);
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** The hard cap of streamed bodies, quarkus.http.limits.max-body-size. */
    private static final int STREAMED_BODY_MAX = 1 << 30;
    /** The window of a client's bucket (ClientThrottle). */
    private static final int WINDOW_SECONDS = 60;
    private static final int MAX_LIMIT = 1_000_000;

    /** "METHOD /path" of every throttled operation. */
    private final Set<String> throttled = new HashSet<>();

    public ApiContractFilter(IndexView index) {
        for (AnnotationInstance annotation : index.getAnnotations(THROTTLED)) {
            if (annotation.target().kind() == AnnotationTarget.Kind.METHOD) {
                MethodInfo method = annotation.target().asMethod();
                String httpMethod = method.annotations().stream()
                        .map(a -> a.name().withoutPackagePrefix())
                        .filter(HTTP_METHODS::contains)
                        .findFirst().orElse("");
                throttled.add(httpMethod + " " + path(method));
            }
        }
    }

    private static String path(MethodInfo method) {
        AnnotationInstance onClass = method.declaringClass().declaredAnnotation(PATH);
        AnnotationInstance onMethod = method.annotation(PATH);
        String path = "/" + (onClass == null ? "" : onClass.value().asString())
                + "/" + (onMethod == null ? "" : onMethod.value().asString());
        path = path.replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setServers(List.of(OASFactory.createServer()
                .url("/")
                .description("This service, in production or local: paths are relative to where this document was fetched")
                .addExtension("x-internal", false)));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
            bound(schemas.get("UUID"), ApiBounds.UUID_LENGTH);
            bound(schemas.get("Instant"), ApiBounds.TIMESTAMP_LENGTH);
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSecuritySchemes() != null) {
            SecurityScheme bearer = openAPI.getComponents().getSecuritySchemes().get("bearer");
            if (bearer != null) {
                bearer.description("Access token from POST /api/v1/auth/login: a JWT signed with the service's key (the "
                        + "algorithm is fixed by configuration, never taken from the token), checked for issuer, audience "
                        + "and expiry (expiresIn of the token response), as RFC8725 (JSON Web Token Best Current "
                        + "Practices) recommends.");
            }
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                boundParameters(operation);
                if (path.startsWith("/api/")) {
                    APIResponses responses = responses(operation);
                    if (throttled.contains(method.name() + " " + path)) {
                        addTooManyRequests(responses);
                    }
                    addStandardProblems(operation, responses);
                    problemBodies(responses);
                }
            }));
        }
    }

    private static void bound(Schema schema, int maxLength) {
        if (schema != null && schema.getMaxLength() == null) {
            schema.maxLength(maxLength);
        }
    }

    /** Path ids are UUIDs; a streamed body (NDJSON import) is bounded by quarkus.http.limits.max-body-size. */
    private static void boundParameters(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> p.getSchema() != null && p.getSchema().getMaxLength() == null && "id".equals(p.getName()))
                    .forEach(p -> p.getSchema().maxLength(ApiBounds.UUID_LENGTH));
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().forEach((type, media) -> {
                if (type.contains("ndjson") && media.getSchema() != null && media.getSchema().getMaxLength() == null) {
                    media.getSchema().maxLength(STREAMED_BODY_MAX);
                }
            });
        }
    }

    private static APIResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        return operation.getResponses();
    }

    /** What any endpoint can answer besides its own responses. */
    private static void addStandardProblems(Operation operation, APIResponses responses) {
        Map<String, String> standard = new LinkedHashMap<>();
        if (operation.getRequestBody() != null) {
            standard.put("413", "Request body over " + BodySizeLimit.MAX_BYTES / 1024 + " KiB");
            standard.put("415", "Content type is not application/json");
        }
        standard.put("500", "Unexpected failure; the problem carries a reference for the logs");
        standard.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
    }

    /** Every error is a problem: 4xx and 5xx responses without a body of their own get the Problem schema. */
    private static void problemBodies(APIResponses responses) {
        responses.getAPIResponses().forEach((status, response) -> {
            if ((status.startsWith("4") || status.startsWith("5")) && response.getContent() == null) {
                response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
            }
        });
    }

    /** 429 with Retry-After, and the RateLimit headers on every answer (IETF draft httpapi-ratelimit-headers). */
    private static void addTooManyRequests(APIResponses responses) {
        if (!responses.hasAPIResponse("429")) {
            responses.addAPIResponse("429", OASFactory.createAPIResponse()
                    .description("Too many requests from this address; retry after Retry-After"));
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            char kind = entry.getKey().charAt(0);
            if (kind != '2' && kind != '4') {
                continue;
            }
            APIResponse response = entry.getValue();
            response.addHeader("RateLimit-Limit", header("Requests allowed per minute from this address", 0, MAX_LIMIT));
            response.addHeader("RateLimit-Remaining", header("Requests left in the current window", 0, MAX_LIMIT));
            response.addHeader("RateLimit-Reset", header("Seconds until the window is full again", 0, WINDOW_SECONDS));
            if (entry.getKey().equals("429")) {
                response.addHeader("Retry-After", header("Seconds to wait before retrying", 1, WINDOW_SECONDS));
            }
        }
    }

    private static Header header(String description, long minimum, long maximum) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER).format("int32").minimum(BigDecimal.valueOf(minimum))
                .maximum(BigDecimal.valueOf(maximum)));
    }
}
