package dev.accounts.config;

import java.util.List;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Tracing is off unless an OTLP endpoint is configured: {@code quarkus.otel.sdk.disabled}, when nobody
 * set it, reads true until {@code quarkus.otel.exporter.otlp.endpoint} or
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} is given (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT, ...).
 * Quarkus would otherwise export to localhost:4317 and log a failure for every batch where no collector
 * runs. Set {@code quarkus.otel.sdk.disabled} yourself and that wins. Registered in
 * META-INF/services/io.smallrye.config.ConfigSourceInterceptor, which Quarkus reads in JVM and native mode.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    /** Ordinals of the application's own files and above: environment (300), system properties (400), ... */
    private static final int CONFIGURED = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || isConfigured(value)) {
            return value;
        }
        boolean endpoint = ENDPOINTS.stream().map(context::proceed).anyMatch(TracingSwitch::isConfigured);
        return ConfigValue.builder().withName(name).withValue(String.valueOf(!endpoint))
                .withConfigSourceName(TracingSwitch.class.getSimpleName()).withConfigSourceOrdinal(CONFIGURED)
                .build();
    }

    /** Set by someone (environment, system property, a file), not a built-in default. */
    private static boolean isConfigured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= CONFIGURED;
    }
}
