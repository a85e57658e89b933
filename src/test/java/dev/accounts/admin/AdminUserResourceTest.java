package dev.accounts.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class AdminUserResourceTest extends ApiTest {

    private static final String USERS = "/api/v1/admin/users";
    /** make_password("lètmein", "seasalt", "pbkdf2_sha256"), from Django's own test suite. */
    private static final String DJANGO_PBKDF2 = "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=";

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    private Db db;
    private String adminEmail;
    private String adminToken;
    private String userToken;

    @BeforeEach
    void accounts() {
        db = new Db(dataSource);
        adminEmail = TestData.uniqueEmail();
        Accounts.active(db, adminEmail, TestData.GOOD_PASSWORD);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", adminEmail);
        adminToken = Accounts.loggedIn(adminEmail, TestData.GOOD_PASSWORD).accessToken();
        String user = Accounts.newActive(db);
        userToken = Accounts.loggedIn(user, TestData.GOOD_PASSWORD).accessToken();
    }

    private RequestSpecification asAdmin() {
        return given().auth().oauth2(adminToken);
    }

    private String idOf(String email) {
        return db.string("SELECT id::text FROM users WHERE email = ?", email);
    }

    @Test
    void noAdminEndpointIsReachableWithoutATokenAndNonAdminsGet403() {
        String someId = UUID.randomUUID().toString();
        List<RequestSpecification> callers = List.of(given(), given().auth().oauth2(userToken));
        int[] expected = { 401, 403 };
        for (int i = 0; i < callers.size(); i++) {
            int status = expected[i];
            given().spec(callers.get(i)).when().get(USERS).then().statusCode(status).contentType("application/problem+json");
            given().spec(callers.get(i)).when().get(USERS + "/" + someId).then().statusCode(status);
            given().spec(callers.get(i)).contentType(ContentType.JSON).body(Map.of("status", "DISABLED"))
                    .when().patch(USERS + "/" + someId).then().statusCode(status);
            given().spec(callers.get(i)).when().delete(USERS + "/" + someId).then().statusCode(status);
            given().spec(callers.get(i)).contentType(AdminUserResource.NDJSON).body("{}\n".getBytes(StandardCharsets.UTF_8))
                    .when().post(USERS + "/import").then().statusCode(status).contentType("application/problem+json");
        }
    }

    @Test
    void detailIncludesTheRegistrationAndUnknownOrMalformedIdsAreProblems() {
        String email = TestData.uniqueEmail();
        Accounts.register(email, TestData.GOOD_PASSWORD);
        asAdmin().when().get(USERS + "/" + idOf(email)).then().statusCode(200)
                .body("user.email", equalTo(email))
                .body("user.status", equalTo("PENDING"))
                .body("registration.registeredAt", notNullValue())
                .body("registration.activatedAt", nullValue())
                .body("registration.activationLinkExpiresAt", notNullValue());
        asAdmin().when().get(USERS + "/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/not-found"));
        asAdmin().when().get(USERS + "/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("id"));
    }

    @Test
    void disablingRevokesRefreshTokensAndBlocksLogin() {
        String email = Accounts.newActive(db);
        Accounts.Tokens tokens = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);

        asAdmin().contentType(ContentType.JSON).body(Map.of("status", "DISABLED"))
                .when().patch(USERS + "/" + idOf(email))
                .then().statusCode(200).body("user.status", equalTo("DISABLED"));

        assertEquals(401, Accounts.refresh(tokens.refreshToken()).statusCode());
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        assertEquals(0, db.count("SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id"
                + " WHERE u.email = ? AND t.revoked_at IS NULL", email));
        assertEquals(1, db.count("SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id"
                + " WHERE u.email = ? AND a.type = 'ADMIN_UPDATED_USER' AND a.details->>'actor' IS NOT NULL", email));
    }

    @Test
    void rolesAreReplacedKeepUserAndReachTheNextAccessToken() {
        String email = Accounts.newActive(db);
        asAdmin().contentType(ContentType.JSON).body(Map.of("roles", List.of("auditor")))
                .when().patch(USERS + "/" + idOf(email))
                .then().statusCode(200).body("user.roles", equalTo(List.of("auditor", "user")));
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200)
                .body("roles", equalTo(List.of("auditor", "user")));

        asAdmin().contentType(ContentType.JSON).body(Map.of("roles", List.of("Not A Role")))
                .when().patch(USERS + "/" + idOf(email)).then().statusCode(400);
        asAdmin().contentType(ContentType.JSON).body(Map.of("email", "x@example.com"))
                .when().patch(USERS + "/" + idOf(email)).then().statusCode(400).body("errors.field", hasItem("email"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("status", "SUPERUSER"))
                .when().patch(USERS + "/" + idOf(email)).then().statusCode(400);
    }

    @Test
    void deletionErasesTheAccountAsSelfDeletionDoes() {
        String email = Accounts.newActive(db);
        Accounts.loggedIn(email, TestData.GOOD_PASSWORD);
        String id = idOf(email);
        asAdmin().when().delete(USERS + "/" + id).then().statusCode(204);
        for (String table : List.of("users WHERE id", "registrations WHERE user_id", "user_roles WHERE user_id",
                "refresh_tokens WHERE user_id")) {
            assertEquals(0, db.count("SELECT count(*) FROM " + table + " = ?::uuid", id), table);
        }
        assertEquals(0, db.count("SELECT count(*) FROM audit_events WHERE details::text LIKE ?", "%" + email + "%"));
        asAdmin().when().delete(USERS + "/" + id).then().statusCode(404);
    }

    @Test
    void importedDjangoUserSignsInWithTheOldPasswordAndGetsAnArgon2idHash() {
        String email = TestData.uniqueEmail();
        String ndjson = "{\"email\":\"" + email + "\",\"displayName\":\"Imported\",\"passwordHash\":\"" + DJANGO_PBKDF2
                + "\",\"status\":\"ACTIVE\",\"roles\":[\"user\"],\"createdAt\":\"2018-02-03T04:05:06Z\"}\n"
                + "{\"email\":\"broken\"}\n";
        asAdmin().contentType(AdminUserResource.NDJSON).body(ndjson.getBytes(StandardCharsets.UTF_8))
                .when().post(USERS + "/import")
                .then().statusCode(200)
                .body("imported", equalTo(1))
                .body("skipped", equalTo(1))
                .body("errors[0].line", equalTo(2));

        assertEquals(401, Accounts.login(email, "lètmeinz").statusCode());
        Accounts.loggedIn(email, "lètmein");
        String hash = db.string("SELECT password_hash FROM users WHERE email = ?", email);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        Accounts.loggedIn(email, "lètmein");
    }

    @Test
    void listingValidatesItsParameters() {
        asAdmin().queryParam("limit", 0).when().get(USERS).then().statusCode(400).contentType("application/problem+json");
        asAdmin().queryParam("limit", 201).when().get(USERS).then().statusCode(400);
        asAdmin().queryParam("status", "ROOT").when().get(USERS).then().statusCode(400)
                .body("errors.field", hasItem("status"));
        asAdmin().queryParam("cursor", "not-a-cursor").when().get(USERS).then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void searchMatchesEmailPrefixOrDisplayNameSubstringCaseInsensitively() {
        String tag = "srch" + System.nanoTime();
        db.update("""
                INSERT INTO users (id, email, email_normalized, password_hash, display_name, status, created_at, updated_at)
                VALUES (gen_random_uuid(), ?, ?, 'x', 'Grace Hopper', 'ACTIVE', now(), now()),
                       (gen_random_uuid(), ?, ?, 'x', ?, 'DISABLED', now(), now())
                """, tag + "-A@Example.com", tag + "-a@example.com", "other" + tag + "@example.com",
                "other" + tag + "@example.com", "Team " + tag.toUpperCase());
        asAdmin().queryParam("q", tag.toUpperCase()).when().get(USERS).then().statusCode(200)
                .body("items.size()", equalTo(2));
        asAdmin().queryParam("q", tag).queryParam("status", "DISABLED").when().get(USERS).then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].displayName", equalTo("Team " + tag.toUpperCase()));
        asAdmin().queryParam("q", tag + "%").when().get(USERS).then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void paginatingTenThousandUsersWhileOthersAreInsertedReturnsEachExactlyOnce() throws Exception {
        String tag = "page" + System.nanoTime();
        // Three users share each created_at, so the id must break ties.
        db.update("""
                INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                SELECT gen_random_uuid(), ? || '-' || n || '@example.com', ? || '-' || n || '@example.com', 'x', 'ACTIVE',
                       timestamptz '2020-01-01 00:00:00+00' + (n / 3) * interval '1 second', now()
                FROM generate_series(1, 10000) AS n
                """, tag, tag);
        Set<String> existing = new HashSet<>(ids(tag));
        assertEquals(10_000, existing.size());

        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        Thread inserter = new Thread(() -> {
            while (paging.get()) {
                int n = inserted.incrementAndGet();
                db.update("""
                        INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                        VALUES (gen_random_uuid(), ?, ?, 'x', 'ACTIVE', now(), now())
                        """, tag + "-new" + n + "@example.com", tag + "-new" + n + "@example.com");
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        inserter.start();
        List<String> seen = new ArrayList<>();
        try {
            String cursor = null;
            int pages = 0;
            do {
                if (++pages % 50 == 0) {
                    // 271 pages can outlast a 5-minute access token on a loaded machine.
                    adminToken = Accounts.loggedIn(adminEmail, TestData.GOOD_PASSWORD).accessToken();
                }
                RequestSpecification request = asAdmin().queryParam("q", tag).queryParam("limit", 37);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.when().get(USERS).then().statusCode(200).extract().jsonPath();
                List<String> ids = page.getList("items.id");
                assertTrue(ids.size() <= 37);
                seen.addAll(ids);
                cursor = page.getString("nextCursor");
            } while (cursor != null);
        } finally {
            paging.set(false);
            inserter.join();
        }
        assertTrue(inserted.get() > 0, "users were inserted while paging");
        List<String> seenExisting = seen.stream().filter(existing::contains).toList();
        assertEquals(10_000, seenExisting.size(), "every pre-existing user once");
        assertEquals(10_000, new HashSet<>(seenExisting).size(), "none twice");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row repeated at all");
    }

    @Test
    void searchCanUseTheEmailPrefixAndDisplayNameIndexes() {
        // The admin search's WHERE clause, with sequential scans priced out so the plan shows which indexes
        // can serve it (on a small table the planner would rightly prefer a scan).
        String plan = db.explainWithoutSeqScan("""
                SELECT * FROM users
                WHERE (email_normalized LIKE 'grace%' ESCAPE '\\' OR lower(display_name) LIKE '%grace%' ESCAPE '\\')
                ORDER BY created_at, id LIMIT 51
                """);
        assertTrue(plan.contains("users_email_normalized_prefix_idx"), plan);
        assertTrue(plan.contains("users_display_name_trgm_idx"), plan);
    }

    private List<String> ids(String tag) {
        List<String> ids = new ArrayList<>();
        String all = db.string("SELECT string_agg(id::text, ',') FROM users WHERE email_normalized LIKE ?", tag + "-%");
        for (String id : all.split(",")) {
            ids.add(id);
        }
        return ids;
    }
}
