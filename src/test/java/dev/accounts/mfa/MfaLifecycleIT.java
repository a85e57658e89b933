package dev.accounts.mfa;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Removal, new recovery codes, step-up, the administrator's view and removal, and the enrolment a role
 * demands, against the packaged application (the jar, or the native executable with -Dnative).
 */
@QuarkusIntegrationTest
@WithTestResource(MfaEnforcedRoleResource.class)
class MfaLifecycleIT extends MfaLifecycleTest {
}
