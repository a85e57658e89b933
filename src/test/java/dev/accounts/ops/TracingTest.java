package dev.accounts.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.accounts.support.AppProcess;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * With an OTLP endpoint configured, requests are traced (HTTP and database spans), and no span carries
 * a token, an address, a password or the client's address. The endpoint is a port where nothing
 * listens; the spans are read from an in-memory exporter beside it.
 */
@QuarkusTest
@TestProfile(TracingTest.WithEndpoint.class)
@WithTestResource(GreenMailResource.class)
class TracingTest {

    private static final String TOKEN = "tracing-secret-token-" + "x".repeat(30);

    public static class WithEndpoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + AppProcess.freePort());
        }
    }

    /** Spans as the SDK ends them, after SpanRedaction ran at their start. */
    @Singleton
    static class Spans {
        final InMemorySpanExporter exporter = InMemorySpanExporter.create();

        @Produces
        @Singleton
        SpanProcessor inMemory() {
            return SimpleSpanProcessor.create(exporter);
        }
    }

    @Inject
    Spans spans;

    @BeforeEach
    void clear() {
        spans.exporter.reset();
    }

    @Test
    void requestsAreTracedWithDatabaseSpansAndWithoutSecrets() {
        String email = TestData.uniqueEmail();
        given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations").then().statusCode(202);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/auth/login").then().statusCode(401);
        given().header("User-Agent", "tracing-agent/1.0").when().get("/activate?token=" + TOKEN).then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spans.exporter.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getName().contains("/activate")));
        List<SpanData> finished = spans.exporter.getFinishedSpanItems();
        assertTrue(finished.stream().anyMatch(span -> span.getName().contains("/api/v1/registrations")), names(finished));
        assertTrue(finished.stream().anyMatch(span -> span.getAttributes().asMap().keySet().stream()
                .anyMatch(key -> key.getKey().startsWith("db."))), "database spans: " + names(finished));
        for (SpanData span : finished) {
            String attributes = span.getAttributes().toString() + span.getEvents();
            for (String secret : List.of(TOKEN, email, TestData.GOOD_PASSWORD, "tracing-agent")) {
                assertFalse(attributes.contains(secret), span.getName() + " carries " + secret + ": " + attributes);
            }
            String client = span.getAttributes().get(AttributeKey.stringKey("client.address"));
            assertTrue(client == null || client.equals("redacted"), span.getName() + " client.address " + client);
        }
    }

    private static String names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).toList().toString();
    }
}
