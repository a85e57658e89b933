package dev.accounts.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Unique inputs, so that every test makes its own data and none depends on another. */
public final class TestData {

    /** A password that passes every rule and is not in the common list. */
    public static final String GOOD_PASSWORD = "velvet-Orbit-417-quartz";

    private TestData() {
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 13) + "@example.com";
    }

    public static Map<String, Object> registration(String email, String password) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", password);
        return body;
    }
}
