package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestClock;
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
 * Malicious lockout (ASVS 6.3.1 without 6.1.1's denial of service): failures from one client lock the
 * account for that client only; the owner still logs in from elsewhere. Behind one trusted proxy, so
 * that X-Forwarded-For names the client; an account-wide ceiling of 12 here (100 by default).
 */
@QuarkusTest
@TestProfile(ClientLockoutTest.BehindAProxy.class)
@WithTestResource(GreenMailResource.class)
class ClientLockoutTest extends ApiTest {

    private static final String WRONG = "not-the-Password-123";
    private static final String ATTACKER = "203.0.113.7";
    private static final String OWNER = "198.51.100.9";

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void fiveFailuresFromOneClientLockThatClientOnly() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, loginFrom(ATTACKER, email, WRONG).statusCode());
        }
        ExtractableResponse<Response> locked = loginFrom(ATTACKER, email, TestData.GOOD_PASSWORD);
        assertEquals(401, locked.statusCode(), "the locked client gets no answer from the right password");
        assertEquals(loginFrom(ATTACKER, TestData.uniqueEmail(), WRONG).asString(), locked.asString());
        // From any other client, IPv4 or IPv6, the right password still works.
        assertEquals(200, loginFrom(OWNER, email, TestData.GOOD_PASSWORD).statusCode(), "the owner logs in from elsewhere");
        assertEquals(200, loginFrom("2001:db8:1:2::5", email, TestData.GOOD_PASSWORD).statusCode());
        assertEquals(401, loginFrom(ATTACKER, email, TestData.GOOD_PASSWORD).statusCode(),
                "the owner's success does not open the attacker's lock");
        assertEquals(1, db.count("""
                SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id
                WHERE u.email = ? AND f.client_key = ? AND f.locked_until > now()
                """, email, ATTACKER));
        Mailbox.await(smtp, email, "Your account is locked for a while", 1);

        clock.advance(Duration.ofMinutes(2));
        assertEquals(200, loginFrom(ATTACKER, email, TestData.GOOD_PASSWORD).statusCode(), "the client's lock has ended");
        assertEquals(0, db.count("""
                SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id WHERE u.email = ? AND f.client_key = ?
                """, email, ATTACKER), "a success resets that client's count");
    }

    @Test
    void theAccountWideCeilingLocksItEverywhere() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        // Four failures each from three clients: none of them is locked, but together they reach 12.
        for (String client : new String[] { "203.0.113.21", "203.0.113.22", "2001:db8:7:7::1" }) {
            for (int i = 0; i < 4; i++) {
                assertEquals(401, loginFrom(client, email, WRONG).statusCode());
            }
        }
        assertEquals(12, db.count("SELECT failed_login_count FROM users WHERE email = ?", email));
        assertEquals(401, loginFrom(OWNER, email, TestData.GOOD_PASSWORD).statusCode(), "locked everywhere");
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
                WHERE u.email = ? AND a.type = 'ACCOUNT_LOCKED' AND a.details ->> 'scope' = 'account'
                """, email));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(200, loginFrom(OWNER, email, TestData.GOOD_PASSWORD).statusCode());
        assertEquals(0, db.count("SELECT failed_login_count FROM users WHERE email = ?", email));
    }

    @Test
    void countsStartOverAfterAQuietHour() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        for (int i = 0; i < 4; i++) {
            assertEquals(401, loginFrom(ATTACKER, email, WRONG).statusCode());
        }
        clock.advance(Duration.ofMinutes(61));
        assertEquals(401, loginFrom(ATTACKER, email, WRONG).statusCode());
        assertEquals(1, db.count("""
                SELECT f.failures FROM login_failures f JOIN users u ON u.id = f.user_id WHERE u.email = ? AND f.client_key = ?
                """, email, ATTACKER), "the fifth failure after an hour's quiet is the first again");
        assertEquals(1, db.count("SELECT failed_login_count FROM users WHERE email = ?", email), "the account-wide one too");
        assertEquals(200, loginFrom(ATTACKER, email, TestData.GOOD_PASSWORD).statusCode(), "not locked");
    }

    private static ExtractableResponse<Response> loginFrom(String client, String email, String password) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/v1/auth/login")
                .then().extract();
    }

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.throttle.trusted-proxy-hops", "1", "accounts.lockout.account-threshold", "12");
        }
    }
}
