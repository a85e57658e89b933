package dev.accounts.registration;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The registration tests against the packaged application (the jar, or the native executable with
 * -Dnative), started in the prod profile; the checks of what was stored go to the same database.
 */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class RegistrationResourceIT extends RegistrationResourceTest {
}
