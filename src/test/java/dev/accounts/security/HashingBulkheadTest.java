package dev.accounts.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The hashing pool is a bulkhead: with room for one waiting hash, a burst of logins gets 503 problems
 * with Retry-After for what does not fit, while readiness and a bearer endpoint, which hash nothing,
 * stay fast. Without the bound every login would queue (no 503) and this test fails.
 */
@QuarkusTest
@TestProfile(HashingBulkheadTest.TinyQueue.class)
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class HashingBulkheadTest {

    private static final int CLIENTS = 12;
    private static final int LOGINS_EACH = 6;
    /**
     * Generous, for a shared CI machine: these answer in milliseconds when idle, and a server whose
     * request threads all waited on argon2 would not answer them before the burst ended (many seconds).
     */
    private static final long FAST_MEDIAN_MS = 1500;
    private static final long FAST_MAX_MS = 5000;

    @Inject
    DataSource dataSource;

    @Test
    void aLoginBurstGets503sWhileProbesAndOtherEndpointsStayFast() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String accessToken = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<String> busyProblems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Long> readyMs = new ArrayList<>();
        List<Long> meMs = new ArrayList<>();
        try {
            List<Future<?>> burst = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                burst.add(pool.submit(() -> {
                    for (int i = 0; i < LOGINS_EACH; i++) {
                        ExtractableResponse<Response> response = Accounts.login(TestData.uniqueEmail(), "wrong-Pass-123");
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() == 503) {
                            busyProblems.add(response.contentType() + " " + response.path("type") + " "
                                    + response.header("Retry-After"));
                        }
                    }
                }));
            }
            Thread.sleep(200);
            for (int i = 0; i < 10; i++) {
                readyMs.add(timeMs(() -> Management.given().when().get("/q/health/ready").then().statusCode(200)));
                meMs.add(timeMs(() -> given().auth().oauth2(accessToken).when().get("/api/v1/users/me")
                        .then().statusCode(200)));
            }
            for (Future<?> f : burst) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("bulkhead: statuses %s; during the burst /q/health/ready median %d ms, max %d ms; "
                + "/users/me median %d ms, max %d ms%n", statuses, median(readyMs), Collections.max(readyMs), median(meMs),
                Collections.max(meMs));
        assertTrue(statuses.getOrDefault(503, 0) > 0, "no login was turned away: " + statuses);
        assertTrue(statuses.getOrDefault(401, 0) > 0, "some logins were served: " + statuses);
        assertEquals(CLIENTS * LOGINS_EACH, statuses.getOrDefault(503, 0) + statuses.getOrDefault(401, 0), statuses.toString());
        for (String problem : busyProblems) {
            assertEquals("application/problem+json /problems/service-busy 1", problem);
        }
        assertTrue(median(readyMs) < FAST_MEDIAN_MS && Collections.max(readyMs) < FAST_MAX_MS, "readiness took " + readyMs);
        assertTrue(median(meMs) < FAST_MEDIAN_MS && Collections.max(meMs) < FAST_MAX_MS, "/users/me took " + meMs);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long timeMs(Runnable request) {
        long start = System.nanoTime();
        request.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.password.hashing-queue-size", "1");
        }
    }
}
