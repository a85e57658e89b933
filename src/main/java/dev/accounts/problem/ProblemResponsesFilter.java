package dev.accounts.problem;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every API operation in the OpenAPI document the problems any endpoint can answer with, so
 * that each resource method lists only its own: 413 and 415 where there is a body, and 500.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(this::addStandardProblems);
            }
        });
    }

    private void addStandardProblems(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        Map<String, String> standard = operation.getRequestBody() != null
                ? Map.of("413", "Request body over 64 KiB", "415", "Content type is not application/json",
                        "500", "Unexpected failure; the problem carries a reference for the logs")
                : Map.of("500", "Unexpected failure; the problem carries a reference for the logs");
        for (Map.Entry<String, String> entry : standard.entrySet()) {
            if (!responses.hasAPIResponse(entry.getKey())) {
                responses.addAPIResponse(entry.getKey(), OASFactory.createAPIResponse()
                        .description(entry.getValue())
                        .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)))));
            }
        }
    }
}
