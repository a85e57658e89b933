package dev.accounts.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same against the packaged application. */
@QuarkusIntegrationTest
class RequestIdsIT extends RequestIdsTest {
}
