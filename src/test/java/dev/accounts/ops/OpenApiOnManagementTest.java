package dev.accounts.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.accounts.support.ApiTest;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Built with {@code quarkus.smallrye-openapi.management.enabled=true} (a build-time setting), the OpenAPI
 * document moves to the management port beside health and metrics, and the public port no longer serves it.
 */
@QuarkusTest
@TestProfile(OpenApiOnManagementTest.OpenApiOnManagement.class)
@WithTestResource(GreenMailResource.class)
class OpenApiOnManagementTest extends ApiTest {

    @Test
    void theManagementPortServesTheDocumentAndThePublicPortDoesNot() {
        Management.given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/auth/login"));
        Management.given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(404);
    }

    public static class OpenApiOnManagement implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-openapi.management.enabled", "true");
        }
    }
}
