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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.security.argon2.Argon2Engine;
import dev.accounts.security.argon2.Argon2Phc;
import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
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
import jakarta.inject.Inject;

/**
 * Eight concurrent logins on accounts imported with Django's default argon2 (m = 100 MiB, t = 2, p = 8)
 * took a replica down (measured from outside: every later login, registration and reset timed out). They
 * run on the legacy bulkhead within its memory budget and deadline, so the rest of the service answers
 * meanwhile; and a wrong password on such an account times like one on an unknown address (the floor of
 * accounts.password.failed-verification-min-time, here at its default).
 */
@QuarkusTest
@TestProfile(LegacyBulkheadTest.ProductionFloor.class)
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class LegacyBulkheadTest extends ApiTest {

    private static final int LOGINS = 8;
    private static final String PASSWORD = "django-Imported-pass-" + System.nanoTime();
    private static String djangoHash;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void djangoDefaultHash() {
        // What Django's Argon2PasswordHasher writes by default, for a password the test knows.
        djangoHash = "argon2" + Argon2Phc.argon2id(PASSWORD, 102400, 2, 8, "c2FsdHNhbHRzYWx0".getBytes(), 16,
                Argon2Engine.oneShot()).format();
    }

    @Test
    void concurrentLoginsOnDjangoDefaultArgon2NeitherCrashNorStallTheService() throws Exception {
        Db db = new Db(dataSource);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < LOGINS; i++) {
            String email = TestData.uniqueEmail();
            db.update("""
                    INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                    VALUES (gen_random_uuid(), ?, ?, ?, 'ACTIVE', now(), now())
                    """, email, email, djangoHash);
            emails.add(email);
        }
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(LOGINS);
        List<Long> readyMs = new ArrayList<>();
        List<Long> registrationMs = new ArrayList<>();
        long start = System.nanoTime();
        try {
            List<Future<?>> logins = new ArrayList<>();
            for (String email : emails) {
                logins.add(clients.submit(() -> statuses.merge(Accounts.login(email, PASSWORD).statusCode(), 1, Integer::sum)));
            }
            Thread.sleep(100);
            for (int i = 0; i < 3; i++) {
                readyMs.add(timeMs(() -> Management.given().when().get("/q/health/ready").then().statusCode(200)));
                registrationMs.add(timeMs(() -> given().contentType(ContentType.JSON)
                        .body(TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))
                        .when().post("/api/v1/registrations").then().statusCode(202)));
            }
            for (Future<?> login : logins) {
                login.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("legacy bulkhead: statuses %s in %d ms; meanwhile readiness %s ms, registration %s ms%n",
                statuses, totalMs, readyMs, registrationMs);
        assertEquals(LOGINS, statuses.getOrDefault(200, 0) + statuses.getOrDefault(503, 0), statuses.toString());
        assertTrue(statuses.getOrDefault(200, 0) >= 1, "no login got through: " + statuses);
        assertTrue(Collections.max(readyMs) < 2000, "readiness took " + readyMs);
        assertTrue(Collections.max(registrationMs) < 3000, "registration took " + registrationMs);
        // Bounded: no login waited beyond the legacy deadline (3 s) by much.
        assertTrue(totalMs < 15_000, "the logins took " + totalMs + " ms");
        // The service is still whole: a later login of one of them succeeds (its hash is now argon2id).
        Accounts.loggedIn(emails.get(0), PASSWORD);
    }

    @Test
    void aWrongPasswordOnAnImportedAccountTimesLikeAnUnknownAddress() {
        Db db = new Db(dataSource);
        String imported = TestData.uniqueEmail();
        db.update("""
                INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                VALUES (gen_random_uuid(), ?, ?, ?, 'ACTIVE', now(), now())
                """, imported, imported, djangoHash);
        // Warm up both paths once.
        Accounts.login(TestData.uniqueEmail(), "wrong-Password-123");
        Accounts.login(imported, "wrong-Password-123");
        Accounts.clearLockout(db, imported);
        List<Long> unknown = new ArrayList<>();
        List<Long> legacy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            unknown.add(timeMs(() -> assertEquals(401, Accounts.login(TestData.uniqueEmail(), "wrong-Password-123").statusCode())));
            legacy.add(timeMs(() -> assertEquals(401, Accounts.login(imported, "wrong-Password-123").statusCode())));
        }
        Accounts.clearLockout(db, imported);
        long unknownMedian = median(unknown);
        long legacyMedian = median(legacy);
        System.out.printf("failed logins: unknown address %s ms, Django argon2 account %s ms%n", unknown, legacy);
        assertTrue(unknownMedian >= 740 && legacyMedian >= 740, unknown + " " + legacy);
        assertTrue(Math.abs(unknownMedian - legacyMedian) < 250, unknown + " " + legacy);
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

    public static class ProductionFloor implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.password.failed-verification-min-time", "750ms");
        }
    }
}
