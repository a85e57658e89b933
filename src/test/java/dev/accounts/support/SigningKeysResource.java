package dev.accounts.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Gives the application under an integration test (prod profile) the test signing keys. */
public class SigningKeysResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestSigningKeys.properties();
    }

    @Override
    public void stop() {
    }
}
