package dev.accounts.session;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The sessions endpoints against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class SessionsIT extends SessionsTest {
}
