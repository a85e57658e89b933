package dev.accounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * With a reuse interval, a client's concurrent refreshes with one token all succeed, and all get the same
 * successor: the family never holds two live tokens.
 */
@QuarkusTest
@TestProfile(RefreshReuseIntervalTest.ReuseInterval.class)
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class RefreshReuseIntervalTest {

    @Inject
    DataSource dataSource;

    @Test
    void aRotatedTokenStillWorksWithinTheIntervalWithoutRevokingItsFamily() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String a = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

        Callable<Integer> refresh = () -> Accounts.refresh(a).statusCode();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = pool.invokeAll(List.of(refresh, refresh));
            assertEquals(200, results.get(0).get());
            assertEquals(200, results.get(1).get());
        } finally {
            pool.shutdown();
        }
        assertEquals(200, Accounts.refresh(a).statusCode(), "still within the interval");
        assertEquals(0, db.count("""
                SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.revoked_at IS NOT NULL
                """, email));
    }

    @Test
    void concurrentRefreshesWithinTheIntervalGetTheSameSuccessorAndTheFamilyKeepsOneLiveToken() throws Exception {
        Db db = new Db(dataSource);
        for (int round = 0; round < 5; round++) {
            String email = Accounts.newActive(db);
            String a = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).refreshToken();

            Callable<String> refresh = () -> {
                var response = Accounts.refresh(a);
                assertEquals(200, response.statusCode(), response.asString());
                return response.path("refreshToken");
            };
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<String> successors = new ArrayList<>();
            try {
                for (Future<String> result : pool.invokeAll(List.of(refresh, refresh, refresh))) {
                    successors.add(result.get());
                }
            } finally {
                pool.shutdown();
            }
            successors.add(refresh.call());
            assertEquals(1, Set.copyOf(successors).size(), "one successor for every use within the interval: " + successors);
            assertEquals(1, db.count("""
                    SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                    WHERE u.email = ? AND t.revoked_at IS NULL AND t.rotated_at IS NULL
                    """, email), "one live token in the family");
            assertEquals(2, db.count("SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ?",
                    email), "the login's token and its one successor");
            assertEquals(0, db.count("""
                    SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                    WHERE u.email = ? AND t.successor_sealed::text LIKE ?
                    """, email, "%" + successors.get(0) + "%"), "the successor is not stored in the clear");

            // The successor goes on as any token: it rotates, and the chain stays one live token long.
            assertEquals(200, Accounts.refresh(successors.get(0)).statusCode());
            assertEquals(1, db.count("""
                    SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                    WHERE u.email = ? AND t.revoked_at IS NULL AND t.rotated_at IS NULL
                    """, email));
        }
    }

    public static class ReuseInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.auth.refresh-token-reuse-interval", "60S");
        }
    }
}
