package dev.accounts.metrics;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class MetricsIT extends MetricsTest {
}
