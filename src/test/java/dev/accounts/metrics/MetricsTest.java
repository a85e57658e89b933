package dev.accounts.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.accounts.support.ApiTest;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** /q/metrics (management port) in the Prometheus format: the platform's meters and the service's own. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class MetricsTest extends ApiTest {

    @Test
    void platformMetersArePublished() {
        Management.given().when().get("/q/health/live").then().statusCode(200);
        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count{"))
                .body(containsString("jvm_memory_used_bytes{"))
                // The connection pool (quarkus.datasource.metrics.enabled).
                .body(containsString("agroal_active_count{"))
                .body(containsString("agroal_max_used_count{"));
    }

    @Test
    void serviceMetersFollowRegistrationsAndMail() {
        given().contentType(ContentType.JSON).body(TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations")
                .then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"token\":\"no-such-token-at-all\",\"password\":\"velvet-Orbit-417-quartz\"}")
                .when().post("/api/v1/registrations/activation")
                .then().statusCode(400);

        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("accounts_registrations_total{outcome=\"created\"}"))
                .body(containsString("accounts_activations_total{outcome=\"invalid_token\"}"))
                .body(containsString("accounts_password_hashing_seconds_count{operation=\"hash\"}"));
        // The outbox sender publishes its meters from its first poll on.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Management.given().when().get("/q/metrics")
                .then().body(containsString("accounts_mail_outbox_backlog "))
                .body(containsString("accounts_mail_deliveries_total{outcome=\"sent\"}")));
    }

    @Test
    void labelsStayLowCardinality() {
        // Paths with ids are reported by their template, and unknown paths under one label.
        given().when().get("/api/v1/nothing-here-" + System.nanoTime()).then().statusCode(404);
        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(not(containsString("nothing-here-")));
    }
}
