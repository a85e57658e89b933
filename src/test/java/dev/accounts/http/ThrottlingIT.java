package dev.accounts.http;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The per-client limits against the packaged application: in the native executable every throttled
 * endpoint once answered 500 (the throttle's Caffeine cache classes were not registered).
 */
@QuarkusIntegrationTest
@WithTestResource(value = SigningKeysResource.class, initArgs = @ResourceArg(name = "throttled", value = "true"))
class ThrottlingIT extends ThrottlingTest {
}
