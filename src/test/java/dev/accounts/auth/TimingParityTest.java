package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.mfa.TotpEnrolments;
import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Response times must not tell whether an address has an account, or in what state: every 401 branch of
 * login (a second factor on included), registration of a new or a taken address, a reset request for an unknown or an active one,
 * an activation request for an unknown, a pending or an active one.
 * Medians of 20 or more interleaved requests each, within 25 % of the unknown address's.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class TimingParityTest {

    private static final int SAMPLES = 21;
    private static final String WRONG = "not-the-Password-123";

    @Inject
    DataSource dataSource;

    @Test
    void everyFailedLoginBranchTakesAboutAsLong() {
        Db db = new Db(dataSource);
        String active = Accounts.newActive(db);
        String pending = TestData.uniqueEmail();
        Accounts.register(pending, TestData.GOOD_PASSWORD);
        String disabled = Accounts.newActive(db);
        db.update("UPDATE users SET status = 'DISABLED' WHERE email = ?", disabled);
        String locked = Accounts.newActive(db);
        db.update("UPDATE users SET failed_login_count = 5, locked_until = now() + interval '1 day' WHERE email = ?", locked);

        // Failures are reset before each wrong password (outside the timed request), so that these stay the
        // wrong-password branch instead of turning into the locked one.
        Map<String, Branch> branches = new LinkedHashMap<>();
        branches.put("unknown email", new Branch(() -> { }, () -> Accounts.login(TestData.uniqueEmail(), WRONG).statusCode()));
        branches.put("wrong password",
                new Branch(() -> Accounts.clearLockout(db, active), () -> Accounts.login(active, WRONG).statusCode()));
        branches.put("empty password",
                new Branch(() -> Accounts.clearLockout(db, active), () -> Accounts.login(active, "").statusCode()));
        branches.put("pending, wrong password",
                new Branch(() -> Accounts.clearLockout(db, pending), () -> Accounts.login(pending, WRONG).statusCode()));
        branches.put("pending, right password",
                new Branch(() -> Accounts.clearLockout(db, pending), () -> Accounts.login(pending, TestData.GOOD_PASSWORD).statusCode()));
        branches.put("disabled, right password",
                new Branch(() -> { }, () -> Accounts.login(disabled, TestData.GOOD_PASSWORD).statusCode()));
        branches.put("locked, right password",
                new Branch(() -> { }, () -> Accounts.login(locked, TestData.GOOD_PASSWORD).statusCode()));
        // An account with a second factor: a wrong password must not tell that MFA is on (issue 12).
        String withMfa = Accounts.newActive(db);
        TotpEnrolments.enrol(withMfa);
        branches.put("second factor on, wrong password",
                new Branch(() -> Accounts.clearLockout(db, withMfa), () -> Accounts.login(withMfa, WRONG).statusCode()));
        assertParity(branches, 401);
    }

    @Test
    void registeringANewOrATakenAddressTakesAboutAsLong() {
        String taken = TestData.uniqueEmail();
        Accounts.register(taken, TestData.GOOD_PASSWORD);
        Map<String, Branch> branches = new LinkedHashMap<>();
        branches.put("new address", new Branch(() -> { }, () -> register(TestData.uniqueEmail())));
        branches.put("taken address", new Branch(() -> { }, () -> register(taken)));
        assertParity(branches, 202);
    }

    @Test
    void resetRequestsForUnknownAndActiveAddressesTakeAboutAsLong() {
        Db db = new Db(dataSource);
        String active = Accounts.newActive(db);
        Map<String, Branch> branches = new LinkedHashMap<>();
        branches.put("unknown address", new Branch(() -> { }, () -> requestReset(TestData.uniqueEmail())));
        branches.put("active account", new Branch(() -> { }, () -> requestReset(active)));
        assertParity(branches, 202);
    }

    @Test
    void activationRequestsForUnknownPendingAndActiveAddressesTakeAboutAsLong() {
        // A pending address gets a fresh token and a mail (an outbox row); the others get nothing.
        Db db = new Db(dataSource);
        String pending = TestData.uniqueEmail();
        Accounts.register(pending, TestData.GOOD_PASSWORD);
        String active = Accounts.newActive(db);
        Map<String, Branch> branches = new LinkedHashMap<>();
        branches.put("unknown address", new Branch(() -> { }, () -> requestActivation(TestData.uniqueEmail())));
        branches.put("pending account", new Branch(() -> { }, () -> requestActivation(pending)));
        branches.put("active account", new Branch(() -> { }, () -> requestActivation(active)));
        assertParity(branches, 202);
    }

    /** The first branch is the reference; all run interleaved, so drift in machine load hits each alike. */
    private static void assertParity(Map<String, Branch> branches, int expectedStatus) {
        Map<String, List<Long>> times = new LinkedHashMap<>();
        branches.keySet().forEach(name -> times.put(name, new ArrayList<>()));
        for (int round = -3; round < SAMPLES; round++) {
            for (Map.Entry<String, Branch> branch : branches.entrySet()) {
                branch.getValue().prepare().run();
                long start = System.nanoTime();
                int status = branch.getValue().request().get();
                long elapsed = System.nanoTime() - start;
                assertEquals(expectedStatus, status, branch.getKey());
                if (round >= 0) {
                    // The first rounds warm up class loading and JIT.
                    times.get(branch.getKey()).add(elapsed);
                }
            }
        }
        String reference = branches.keySet().iterator().next();
        double referenceMedian = median(times.get(reference));
        StringBuilder report = new StringBuilder();
        times.forEach((name, values) -> report.append(String.format("%s %.1f ms; ", name, median(values) / 1e6)));
        System.out.println("timing medians: " + report);
        times.forEach((name, values) -> assertTrue(Math.abs(median(values) - referenceMedian) <= 0.25 * referenceMedian,
                "medians differ by more than 25 %: " + report));
    }

    /** What to set up before the timed request (untimed), and the request. */
    private record Branch(Runnable prepare, Supplier<Integer> request) {
    }

    private static int register(String email) {
        return given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations").then().extract().statusCode();
    }

    private static int requestReset(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/password-resets").then().extract().statusCode();
    }

    private static int requestActivation(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/registrations/activation-requests").then().extract().statusCode();
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
