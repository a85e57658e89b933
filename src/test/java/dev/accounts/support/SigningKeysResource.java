package dev.accounts.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the application under an integration test (prod profile) the test signing keys, and per-client
 * limits as high as the %test profile's: the suites make hundreds of requests from 127.0.0.1. With the
 * init argument {@code throttled=true} the limits are left to the test profile (ThrottlingIT).
 */
public class SigningKeysResource implements QuarkusTestResourceLifecycleManager {

    private boolean throttled;

    @Override
    public void init(Map<String, String> initArgs) {
        throttled = Boolean.parseBoolean(initArgs.getOrDefault("throttled", "false"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(TestSigningKeys.properties());
        properties.putAll(AppProcess.offline());
        if (!throttled) {
            properties.putAll(AppProcess.unthrottled());
        }
        return properties;
    }

    @Override
    public void stop() {
    }
}
