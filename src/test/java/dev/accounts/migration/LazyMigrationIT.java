package dev.accounts.migration;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application; the legacy endpoint runs in the test's JVM. */
@QuarkusIntegrationTest
class LazyMigrationIT extends LazyMigrationTest {
}
