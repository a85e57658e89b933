package dev.accounts.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Behind an ingress every request comes from the ingress's address; once the deployment says how many
 * proxies it trusts ({@code accounts.throttle.trusted-proxy-hops}, README "Throttling"), the client address
 * of the throttle and of the audit trail is the X-Forwarded-For entry that many places from the right (the
 * one the proxy wrote, never the client-controlled left-most), so one client's budget is not everybody's.
 * ThrottlingTest has the other half: an untrusted peer's X-Forwarded-For changes nothing.
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindATrustedProxy.class)
@WithTestResource(GreenMailResource.class)
@Tag(Tags.TIMING)
class TrustedProxyTest extends ApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void eachForwardedClientHasItsOwnBudgetAndItsAddressInTheAuditTrail() {
        Db db = new Db(dataSource);
        String failuresFrom = "SELECT count(*) FROM audit_events WHERE type = 'LOGIN_FAILED' AND ip = ?";
        long fromTheProxyBefore = db.count(failuresFrom, "127.0.0.1");
        long fromTheClientBefore = db.count(failuresFrom, "198.51.100.20");

        assertEquals(401, loginFrom("198.51.100.10"));
        assertEquals(401, loginFrom("198.51.100.10"));
        assertEquals(429, loginFrom("198.51.100.10"));

        // Another client behind the same proxy (the same TCP peer, 127.0.0.1) is not throttled.
        assertEquals(401, loginFrom("198.51.100.20"));
        assertEquals(fromTheClientBefore + 1, db.count(failuresFrom, "198.51.100.20"));
        assertEquals(fromTheProxyBefore, db.count(failuresFrom, "127.0.0.1"));
    }

    @Test
    void aForgedLeftMostEntryBuysNothingAndAnIpv6ClientIsItsSlash64() {
        // The client writes whatever it likes on the left; the trusted proxy appends the real peer.
        assertEquals(401, loginFrom("203.0.113.1, 198.51.100.30"));
        assertEquals(401, loginFrom("203.0.113.2, 198.51.100.30"));
        assertEquals(429, loginFrom("203.0.113.3, 198.51.100.30"));
        // Every address of one /64 is one client; the next /64 is another.
        assertEquals(401, loginFrom("2001:db8:aa:1::1"));
        assertEquals(401, loginFrom("2001:db8:aa:1:ffff::2"));
        assertEquals(429, loginFrom("2001:db8:aa:1::3"));
        assertEquals(401, loginFrom("2001:db8:aa:2::1"));
    }

    private static int loginFrom(String client) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", client)
                .body(Map.of("email", TestData.uniqueEmail(), "password", "wrong-Pass-1"))
                .when().post("/api/v1/auth/login")
                .then().extract().statusCode();
    }

    public static class BehindATrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // One proxy in front (an ingress): the right-most X-Forwarded-For entry is the client.
            return Map.of("accounts.throttle.login-per-minute", "2",
                    "accounts.throttle.trusted-proxy-hops", "1");
        }
    }
}
