package dev.accounts.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Per-client-address limits, set low here (the default test profile sets them high, since other tests
 * make hundreds of requests from 127.0.0.1). Each test uses its own endpoint: they share the buckets.
 */
@QuarkusTest
@TestProfile(ThrottlingTest.LowLimits.class)
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class ThrottlingTest extends ApiTest {

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void loginsOverTheLimitGet429WithRetryAfterAndAForgedForwardedForDoesNotHelp() {
        Db db = new Db(dataSource);
        String throttledLogins = """
                SELECT count(*) FROM audit_events WHERE type = 'REQUESTS_THROTTLED' AND details ->> 'endpoint' = 'login'
                """;
        long eventsBefore = db.count(throttledLogins);
        for (int i = 0; i < 3; i++) {
            ExtractableResponse<Response> allowed = post("/api/v1/auth/login",
                    Map.of("email", TestData.uniqueEmail(), "password", "wrong-Pass-1"));
            assertEquals(401, allowed.statusCode());
            assertEquals("3", allowed.header("RateLimit-Limit"));
            assertEquals(String.valueOf(2 - i), allowed.header("RateLimit-Remaining"));
        }
        assertThrottled(post("/api/v1/auth/login", Map.of("email", TestData.uniqueEmail(), "password", "wrong-Pass-1")));
        // From an untrusted peer (no quarkus.http.proxy.* here), X-Forwarded-For is not the client's address.
        ExtractableResponse<Response> forged = given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", "203.0.113.77")
                .header("Forwarded", "for=203.0.113.78")
                .body(Map.of("email", TestData.uniqueEmail(), "password", "wrong-Pass-1"))
                .when().post("/api/v1/auth/login").then().extract();
        assertThrottled(forged);
        // Endpoints without a limit go on.
        assertEquals(401, post("/api/v1/auth/refresh", Map.of("refreshToken", "x".repeat(43))).statusCode());

        // One event for the two refusals (at most one an address a minute).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count(throttledLogins) == eventsBefore + 1);
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("accounts_throttled_requests_total{endpoint=\"login\"} 2.0"));
    }

    @Test
    void registrationsOverTheLimitGet429() {
        for (int i = 0; i < 2; i++) {
            assertEquals(202, post("/api/v1/registrations", TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))
                    .statusCode());
        }
        assertThrottled(post("/api/v1/registrations", TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD)));
        // Throttled before validation: even an invalid body counts, and costs no hashing.
        assertThrottled(post("/api/v1/registrations", Map.of("email", "not-an-email")));
    }

    @Test
    void activationRequestsOverTheLimitGet429() {
        for (int i = 0; i < 2; i++) {
            assertEquals(202, post("/api/v1/registrations/activation-requests", Map.of("email", TestData.uniqueEmail()))
                    .statusCode());
        }
        assertThrottled(post("/api/v1/registrations/activation-requests", Map.of("email", TestData.uniqueEmail())));
    }

    @Test
    void passwordResetRequestsOverTheLimitGet429() {
        for (int i = 0; i < 2; i++) {
            assertEquals(202, post("/api/v1/password-resets", Map.of("email", TestData.uniqueEmail())).statusCode());
        }
        assertThrottled(post("/api/v1/password-resets", Map.of("email", TestData.uniqueEmail())));
    }

    private static ExtractableResponse<Response> post(String path, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then().extract();
    }

    private static void assertThrottled(ExtractableResponse<Response> response) {
        assertEquals(429, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType());
        assertEquals("/problems/too-many-requests", response.path("type"));
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.throttle.login-per-minute", "3",
                    "accounts.throttle.registration-per-minute", "2",
                    "accounts.throttle.activation-request-per-minute", "2",
                    "accounts.throttle.password-reset-request-per-minute", "2");
        }
    }
}
