package dev.accounts.mfa;

import java.util.HashMap;
import java.util.Map;

import dev.accounts.support.SigningKeysResource;

/**
 * The packaged application (prod profile) with what SigningKeysResource gives, and, as %test has it,
 * accounts.mfa.required-roles naming the tests' own role.
 */
public class MfaEnforcedRoleResource extends SigningKeysResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(super.start());
        properties.put("accounts.mfa.required-roles", MfaLifecycleTest.ENFORCED_ROLE);
        return properties;
    }
}
