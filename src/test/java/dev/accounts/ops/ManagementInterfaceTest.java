package dev.accounts.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Health and metrics live on the management port only; the public port serves the API, the pages and
 * the JWKS, and answers 404 (a problem, as for any unknown path) for the operational endpoints.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class ManagementInterfaceTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void managementPortIsNotThePublicPort() {
        assertNotEquals(RestAssured.port, Management.port());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/health/started", "/q/health" })
    void managementPortServesHealth(String path) {
        Management.given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void managementPortServesMetrics() {
        given().when().get("/.well-known/jwks.json").then().statusCode(200);
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("accounts_mail_outbox_lag_seconds"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics" })
    void publicPortDoesNotServeThem(String path) {
        given().when().get(path).then().statusCode(404);
    }

    @Test
    void publicPortServesTheApiAndKeys() {
        given().when().get("/.well-known/jwks.json").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void managementPortServesNoApi() {
        Management.given().when().get("/.well-known/jwks.json").then().statusCode(404);
        Management.given().when().get("/api/v1/users/me").then().statusCode(404);
    }
}
