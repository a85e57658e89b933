package dev.accounts.auth;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The published signing keys, checked against issued tokens, against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class JwksIT extends JwksTest {
}
