package dev.accounts.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same against the packaged application. */
@QuarkusIntegrationTest
class MetricsIT extends MetricsTest {
}
