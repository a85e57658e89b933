package dev.accounts.http;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The "before" of SharedThrottleTest's measurement: the same loops with the per-replica buckets. */
@QuarkusTest
@TestProfile(MemoryThrottleCostTest.InMemory.class)
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class MemoryThrottleCostTest extends ApiTest {

    @Inject
    DataSource dataSource;

    @Inject
    ClientThrottle throttle;

    @Test
    void costOfAMemoryBucket() {
        int rounds = 300;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            throttle.acquire(Throttled.Endpoint.REGISTRATION, "203.0.113." + (i % 200));
        }
        double perCall = (System.nanoTime() - start) / 1e6 / rounds;
        String email = Accounts.newActive(new Db(dataSource));
        int logins = 40;
        Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        long loginStart = System.nanoTime();
        for (int i = 0; i < logins; i++) {
            Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        }
        double perLogin = (System.nanoTime() - loginStart) / 1e6 / logins;
        System.out.printf("memory throttle: %.3f ms per bucket operation, login %.1f ms mean%n", perCall, perLogin);
    }

    public static class InMemory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.throttle.backend", "memory");
        }
    }
}
