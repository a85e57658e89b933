package dev.accounts.ops;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same against the packaged application, whose management port comes from its log. */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class ManagementInterfaceIT extends ManagementInterfaceTest {
}
