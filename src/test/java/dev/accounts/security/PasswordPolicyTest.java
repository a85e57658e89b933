package dev.accounts.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.PwnedPasswordsServer;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * The L2 / NIST SP 800-63B-4 password rules on the real endpoints: 15 characters at least, no context
 * words (display name, product name, configured words), and no password of the Pwned Passwords range
 * API, here a local server that speaks its protocol (support/PwnedPasswordsServer).
 */
@QuarkusTest
@TestProfile(PasswordPolicyTest.WithContextWords.class)
@WithTestResource(GreenMailResource.class)
@WithTestResource(PwnedPasswordsServer.class)
class PasswordPolicyTest extends ApiTest {

    private static final PwnedPasswordsServer PWNED = PwnedPasswordsServer.instance();

    @Inject
    DataSource dataSource;

    @Test
    void fifteenCharactersAtLeastByDefault() {
        register(TestData.uniqueEmail(), "velvet-Orbit-4", null).statusCode(400)
                .body("errors.message", hasItem(containsString("at least 15")));
        register(TestData.uniqueEmail(), "velvet-Orbit-4q", null).statusCode(202);
        // Code points, not UTF-16 units: 15 emoji are long enough, 14 are not.
        register(TestData.uniqueEmail(), "🐙🦑🐳🐬🐟🐠🐡🦈🐙🦑🐳🐬🐟🐠", null).statusCode(400);
        register(TestData.uniqueEmail(), "🐙🦑🐳🐬🐟🐠🐡🦈🐙🦑🐳🐬🐟🐠🐡", null).statusCode(202);
    }

    @Test
    void contextWordsAreRefused() {
        register(TestData.uniqueEmail(), "margarethamilton-7-quartz", "Margaret Hamilton").statusCode(400)
                .body("errors.message", hasItem(containsString("your name")));
        register(TestData.uniqueEmail(), "velvet-HAMILTON-quartz-7", "Margaret Hamilton").statusCode(400);
        // The product name (accounts.mail.product-name) and the configured words.
        register(TestData.uniqueEmail(), "my-Accounts-Service-key-7", null).statusCode(400)
                .body("errors.message", hasItem(containsString("name of this service")));
        register(TestData.uniqueEmail(), "velvet-initech-quartz-7", null).statusCode(400);
        register(TestData.uniqueEmail(), "velvet-Orbit-417-quartz", "Margaret Hamilton").statusCode(202);
    }

    @Test
    void aBreachedPasswordIsRefusedAndOnlyAHashPrefixLeavesTheService() {
        String password = "breached-Password-" + System.nanoTime();
        PWNED.breach(password);
        String sha1 = PwnedPasswordsServer.sha1(password);
        PWNED.requests.clear();

        register(TestData.uniqueEmail(), password, null).statusCode(400)
                .body("type", endsWith("/validation-failed"))
                .body("errors.message", hasItem(containsString("data breach")));

        assertEquals(List.of("/range/" + sha1.substring(0, 5) + " padding=true"), PWNED.requests);
        // Cached: the same prefix is not asked again.
        register(TestData.uniqueEmail(), password, null).statusCode(400);
        assertEquals(1, PWNED.requests.size());
    }

    @Test
    void paddingEntriesOfCountZeroAreNotBreaches() {
        String password = "padded-Password-" + System.nanoTime();
        PWNED.pad(password);
        register(TestData.uniqueEmail(), password, null).statusCode(202);
    }

    @Test
    void passwordChangeAndResetFollowTheSameRules() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String breached = "breached-Change-" + System.nanoTime();
        PWNED.breach(breached);
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", breached))
                .when().put("/api/v1/users/me/password")
                .then().statusCode(400).body("errors.field", hasItem("newPassword"))
                .body("errors.message", hasItem(containsString("data breach")));
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestData.GOOD_PASSWORD, "newPassword", "short-Pass-1"))
                .when().put("/api/v1/users/me/password")
                .then().statusCode(400).body("errors.message", hasItem(containsString("at least 15")));
    }

    @Test
    void anUnreachableRangeApiFailsOpenByDefault() {
        String password = "unchecked-Password-" + System.nanoTime();
        PWNED.failing = true;
        try {
            register(TestData.uniqueEmail(), password, null).statusCode(202);
        } finally {
            PWNED.failing = false;
        }
        PWNED.hanging = true;
        long start = System.nanoTime();
        try {
            register(TestData.uniqueEmail(), "unchecked-Hanging-" + System.nanoTime(), null).statusCode(202);
        } finally {
            PWNED.hanging = false;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "the look-up is bounded by its timeout, took " + millis + " ms");
    }

    private static ValidatableResponse register(String email, String password, String displayName) {
        Map<String, Object> body = new HashMap<>(TestData.registration(email, password));
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/registrations")
                .then();
    }

    public static class WithContextWords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.password.context-words", "Initech,initrode");
        }
    }
}
