package dev.accounts.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.accounts.support.ApiTest;
import dev.accounts.support.DatabaseProxyResource;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectDatabaseProxy;
import dev.accounts.support.Management;
import dev.accounts.support.Tags;
import dev.accounts.support.TcpProxy;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Database faults, played on a TCP proxy between the application and PostgreSQL: readiness follows the
 * database within seconds while liveness stays UP (Kubernetes must not restart a replica that cannot
 * bring the database back), the service serves again when the database returns without a restart,
 * and a busy pool is not mistaken for a dead database.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@WithTestResource(DatabaseProxyResource.class)
@Tag(Tags.OPS)
class DatabaseOutageTest extends ApiTest {

    private static final Logger LOG = Logger.getLogger(DatabaseOutageTest.class);
    /** The readiness check gives up after 2 s and caches its answer for 1 s; the rest is slack. */
    private static final Duration READINESS_BOUND = Duration.ofSeconds(6);

    @InjectDatabaseProxy
    TcpProxy proxy;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    @BeforeEach
    void databaseUp() throws Exception {
        Assumptions.assumeTrue(proxy != null, "needs a configured JDBC URL to put the proxy in front of");
        proxy.restore();
        awaitReadiness(200, Duration.ofSeconds(15));
    }

    @AfterEach
    void heal() throws Exception {
        if (proxy != null) {
            proxy.restore();
        }
    }

    @Test
    void partitionTakesReadinessDownWithinSecondsAndLivenessStaysUp() throws Exception {
        proxy.blackhole();
        Duration down = awaitReadiness(503, READINESS_BOUND);
        LOG.infof("readiness DOWN %d ms after the database went silent", down.toMillis());

        Management.given().when().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"));
        long started = System.nanoTime();
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1000, "liveness answers at once");

        // A request that needs the silent database fails within the JDBC timeouts instead of hanging.
        started = System.nanoTime();
        given().contentType(ContentType.JSON).body(TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations")
                .then().statusCode(greaterThanOrEqualTo(500)).contentType("application/problem+json");
        Duration failed = Duration.ofNanos(System.nanoTime() - started);
        LOG.infof("a registration failed %d ms into the partition", failed.toMillis());
        assertTrue(failed.compareTo(Duration.ofSeconds(15)) < 0, "failed in " + failed.toMillis() + " ms");

        proxy.restore();
        Duration up = awaitReadiness(200, READINESS_BOUND);
        LOG.infof("readiness UP %d ms after the database came back", up.toMillis());
        assertRegistrationWorks();
    }

    @Test
    void stoppedDatabaseTakesReadinessDownAndBackWithoutRestart() throws Exception {
        proxy.refuse();
        Duration down = awaitReadiness(503, READINESS_BOUND);
        LOG.infof("readiness DOWN %d ms after the database refused connections", down.toMillis());
        Management.given().when().get("/q/health/live").then().statusCode(200);
        // Meanwhile requests that need the database fail as problems, not hang.
        given().contentType(ContentType.JSON).body(TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations")
                .then().statusCode(greaterThanOrEqualTo(500)).contentType("application/problem+json");

        proxy.restore();
        awaitReadiness(200, READINESS_BOUND);
        assertRegistrationWorks();
    }

    @Test
    void pooledConnectionsCarryTheSocketTimeout() throws SQLException {
        // additional-jdbc-properties.socketTimeout=30 (seconds) reaches the driver: reads give up.
        try (Connection connection = dataSource.getConnection()) {
            assertEquals(30_000, connection.getNetworkTimeout());
        }
    }

    @Test
    void exhaustedPoolLeavesReadinessUp() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            // No connection is left in the pool, yet the database is fine: ready.
            Management.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertEquals(poolSize, held.size());
    }

    /** The first request after the outage already succeeds: dead pooled connections are weeded out. */
    private static void assertRegistrationWorks() {
        given().contentType(ContentType.JSON).body(TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))
                .when().post("/api/v1/registrations")
                .then().statusCode(202);
    }

    /** Polls readiness until it answers {@code status}; returns how long that took. */
    private static Duration awaitReadiness(int status, Duration bound) {
        long started = System.nanoTime();
        Awaitility.await("readiness answering " + status).atMost(bound).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().when().get("/q/health/ready").then().extract().statusCode(), answer -> answer == status);
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
