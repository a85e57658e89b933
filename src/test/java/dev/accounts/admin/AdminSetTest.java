package dev.accounts.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The last active administrator stays: it cannot disable, demote or erase itself, and concurrent changes by
 * several administrators (each taking away another) cannot leave none. The database is shared with other
 * tests, which leave administrators behind: each test first disables every other one, in SQL.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class AdminSetTest extends ApiTest {

    private static final String USERS = "/api/v1/admin/users";
    private static final int ADMINS = 4;
    private static final int ROUNDS = 5;

    final DataSource dataSource = TestDatabase.dataSource();
    private Db db;

    @BeforeEach
    void db() {
        db = new Db(dataSource);
    }

    private void noOtherAdmins() {
        db.update("UPDATE users SET status = 'DISABLED' WHERE status = 'ACTIVE'"
                + " AND id IN (SELECT user_id FROM user_roles WHERE role = 'admin')");
    }

    private record Admin(String id, String token) {
    }

    private Admin newAdmin() {
        String email = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", email);
        return new Admin(db.string("SELECT id::text FROM users WHERE email = ?", email),
                Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken());
    }

    private long activeAdmins() {
        return db.count("SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id"
                + " WHERE r.role = 'admin' AND u.status = 'ACTIVE'");
    }

    @Test
    void theLastActiveAdministratorCannotDisableDemoteOrEraseItself() {
        noOtherAdmins();
        Admin admin = newAdmin();
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("status", "DISABLED"))
                .when().patch(USERS + "/" + admin.id())
                .then().statusCode(409).contentType("application/problem+json").body("type", endsWith("/conflict"));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .when().patch(USERS + "/" + admin.id())
                .then().statusCode(409);
        given().auth().oauth2(admin.token()).when().delete(USERS + "/" + admin.id())
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD))
                .when().delete("/api/v1/users/me")
                .then().statusCode(409).contentType("application/problem+json").body("type", endsWith("/conflict"));
        assertEquals(1, activeAdmins());

        // With a second one, either may go.
        Admin second = newAdmin();
        given().auth().oauth2(second.token()).contentType(ContentType.JSON).body(Map.of("status", "DISABLED"))
                .when().patch(USERS + "/" + admin.id())
                .then().statusCode(200);
        assertEquals(1, activeAdmins());
    }

    @Test
    void concurrentDisablingLeavesAnActiveAdministrator() throws Exception {
        race((caller, target) -> given().auth().oauth2(caller.token()).contentType(ContentType.JSON)
                .body(Map.of("status", "DISABLED")).when().patch(USERS + "/" + target.id()).statusCode());
    }

    @Test
    void concurrentDemotionLeavesAnActiveAdministrator() throws Exception {
        race((caller, target) -> given().auth().oauth2(caller.token()).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("user"))).when().patch(USERS + "/" + target.id()).statusCode());
    }

    @Test
    void concurrentErasureLeavesAnActiveAdministrator() throws Exception {
        race((caller, target) -> given().auth().oauth2(caller.token()).when().delete(USERS + "/" + target.id())
                .statusCode());
    }

    /** Each of {@link #ADMINS} administrators takes the next one away, all at once; several rounds. */
    private void race(BiFunction<Admin, Admin, Integer> takeAway) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ADMINS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                noOtherAdmins();
                List<Admin> admins = new ArrayList<>();
                for (int i = 0; i < ADMINS; i++) {
                    admins.add(newAdmin());
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < ADMINS; i++) {
                    Admin caller = admins.get(i);
                    Admin target = admins.get((i + 1) % ADMINS);
                    calls.add(() -> {
                        start.await();
                        return takeAway.apply(caller, target);
                    });
                }
                List<Future<Integer>> results = new ArrayList<>();
                for (Callable<Integer> call : calls) {
                    results.add(pool.submit(call));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> result : results) {
                    statuses.add(result.get());
                }
                assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 204 || s == 401 || s == 403 || s == 409),
                        "round " + round + ": " + statuses);
                assertTrue(activeAdmins() >= 1, "round " + round + " left no active administrator: " + statuses);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
