package dev.accounts.passwordreset;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Password resets, mail included, against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class PasswordResetResourceIT extends PasswordResetResourceTest {
}
