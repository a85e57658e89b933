package dev.accounts.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class HealthAndOpenApiTest {

    @Test
    void probesAreUpAndReadinessChecksTheDatabase() {
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("atabase")));
    }

    @Test
    void openApiDescribesEveryRegistrationEndpointWithItsProblems() {
        String[] paths = { "/api/v1/registrations", "/api/v1/registrations/activation",
                "/api/v1/registrations/activation-requests" };
        ValidatableResponse openapi = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        for (String path : paths) {
            String op = "paths.'" + path + "'.post";
            openapi.body(op + ".requestBody.content.'application/json'.schema", notNullValue())
                    .body(op + ".responses.'400'.content.'application/problem+json'.schema.$ref",
                            equalTo("#/components/schemas/Problem"))
                    .body(op + ".responses.'413'.content.'application/problem+json'", notNullValue())
                    .body(op + ".responses.'415'.content.'application/problem+json'", notNullValue())
                    .body(op + ".responses.'500'.content.'application/problem+json'", notNullValue());
        }
        openapi.body("paths.'/api/v1/registrations'.post.responses.'202'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/Accepted"))
                .body("paths.'/api/v1/registrations/activation'.post.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/UserProfile"))
                .body("components.schemas.Problem.properties.errors", notNullValue());
    }
}
