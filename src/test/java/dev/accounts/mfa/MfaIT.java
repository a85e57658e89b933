package dev.accounts.mfa;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Enrolment and the two-step login against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class MfaIT extends MfaTest {
}
