package dev.accounts.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Tracing stays off unless an OTLP endpoint is configured; an explicit switch wins. */
class TracingSwitchTest {

    @Test
    void offWithoutAnEndpoint() {
        assertTrue(disabled(Map.of()));
        // A built-in default (ordinal below the application's files) is not a configured endpoint.
        assertTrue(disabledWithDefault("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317"));
    }

    @Test
    void onWithAnEndpoint() {
        assertFalse(disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertFalse(disabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces")));
    }

    @Test
    void anExplicitSwitchWins() {
        assertTrue(disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true")));
        assertFalse(disabled(Map.of("quarkus.otel.sdk.disabled", "false")));
    }

    private static boolean disabled(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withInterceptors(new TracingSwitch())
                .withSources(new PropertiesConfigSource(environment, "environment", 300)).build();
        return config.getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }

    private static boolean disabledWithDefault(String name, String value) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withInterceptors(new TracingSwitch())
                .withDefaultValue(name, value).build();
        return config.getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }
}
