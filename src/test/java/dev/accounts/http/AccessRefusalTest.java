package dev.accounts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * 401 and 403 on protected endpoints and refused page forms (CSRF) are counted, logged once a client and
 * minute without the token, and audited once a client and minute. Each test sends from a loopback address
 * of its own (127.x.y.z), so that what other tests refused from 127.0.0.1 does not count here.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class AccessRefusalTest extends ApiTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    private static String randomLoopback() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }

    private int send(String from, String method, String path, String authorization, String form) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long refusedMetric(String area, String status) {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("accounts_access_refused_total{") && line.contains("area=\"" + area + "\"")
                        && line.contains("status=\"" + status + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void refusalsAreCountedEachAndAuditedAndLoggedOnceAClientAndMinute() throws Exception {
        Db db = new Db(dataSource);
        String from = randomLoopback();
        String forged = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" + ThreadLocalRandom.current().nextInt(1_000_000);
        long before = refusedMetric("api", "401");

        assertEquals(401, send(from, "GET", "/api/v1/users/me", null, null));
        assertEquals(401, send(from, "GET", "/api/v1/users/me", forged, null));
        assertEquals(401, send(from, "DELETE", "/api/v1/admin/users/" + java.util.UUID.randomUUID(), forged, null));

        assertEquals(before + 3, refusedMetric("api", "401"), "every refusal is counted");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM audit_events WHERE type = 'ACCESS_REFUSED' AND ip = ?", from) >= 1);
        Thread.sleep(500);
        assertEquals(1, db.count("SELECT count(*) FROM audit_events WHERE type = 'ACCESS_REFUSED' AND ip = ?"
                + " AND details->>'status' = '401' AND details->>'area' = 'api' AND details->>'path' = '/api/v1/users/me'", from),
                "one audit event for the client's refusals within the minute");

        String log = Files.readString(Path.of("target", "quarkus-test.log"));
        long lines = log.lines().filter(line -> line.contains("access refused: 401") && line.contains("client " + from + " ")).count();
        assertEquals(1, lines, "one log line a client and minute");
        assertFalse(log.contains(forged.substring("Bearer ".length())), "the token is never logged");
    }

    @Test
    void aForbiddenAdministrationCallIsAuditedApart() throws Exception {
        Db db = new Db(dataSource);
        String from = randomLoopback();
        String email = Accounts.newActive(db);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();

        assertEquals(403, send(from, "GET", "/api/v1/admin/users", "Bearer " + token, null));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM audit_events WHERE type = 'ACCESS_REFUSED' AND ip = ? AND details->>'status' = '403'", from) == 1);
        String log = Files.readString(Path.of("target", "quarkus-test.log"));
        assertFalse(log.contains(token), "the token is never logged");
    }

    @Test
    void aPageFormWithoutItsCsrfValueIsAudited() throws Exception {
        Db db = new Db(dataSource);
        String from = randomLoopback();
        long before = refusedMetric("page", "403");

        assertEquals(403, send(from, "POST", "/reset-password", null, "token=abc&newPassword=x&csrf=forged"));

        assertTrue(refusedMetric("page", "403") > before);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM audit_events WHERE type = 'ACCESS_REFUSED' AND ip = ? AND details->>'area' = 'page'"
                        + " AND details->>'path' = '/reset-password'", from) == 1);
    }
}
