package dev.accounts.admin;

import dev.accounts.support.SigningKeysResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The import and the imported users' logins against the packaged application (jar, or native with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(SigningKeysResource.class)
class AdminImportResourceIT extends AdminImportResourceTest {
}
