package dev.accounts.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.postgresql.Driver;

import dev.accounts.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ready when PostgreSQL answers. The check opens a short-lived connection of its own instead of
 * borrowing one from the pool: a pool busy with a burst of requests is not a dead database, and
 * taking the replica out of its Service then would only move the burst onto the others. Connect,
 * login and query share one timeout, so a database that drops packets reads as DOWN within seconds.
 * Liveness never looks at the database: restarting the process cannot bring PostgreSQL back.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "database";
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Inject
    AccountsConfig config;

    private HealthCheckResponse last;
    private Instant lastAt = Instant.EPOCH;
    private boolean lastUp = true;

    @Override
    public synchronized HealthCheckResponse call() {
        Instant now = Instant.now();
        if (last != null && now.isBefore(lastAt.plus(config.health().databaseMinInterval()))) {
            return last;
        }
        last = check();
        lastAt = Instant.now();
        return last;
    }

    private HealthCheckResponse check() {
        try (Connection connection = new Driver().connect(url, connectionProperties())) {
            if (connection == null) {
                return down("not a PostgreSQL JDBC URL");
            }
            if (!connection.isValid(timeoutSeconds())) {
                return down("no answer within " + timeoutSeconds() + " s");
            }
            if (!lastUp) {
                LOG.info("database reachable again");
            }
            lastUp = true;
            return HealthCheckResponse.up(NAME);
        } catch (SQLException e) {
            // The SQLState and message name the failure (refused, timeout, auth); never credentials.
            return down(e.getSQLState() + ": " + e.getMessage());
        }
    }

    private HealthCheckResponse down(String reason) {
        if (lastUp) {
            LOG.warnf("database unreachable, readiness DOWN: %s", reason);
        }
        lastUp = false;
        return HealthCheckResponse.named(NAME).down().withData("reason", "unreachable").build();
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        String seconds = String.valueOf(timeoutSeconds());
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("ApplicationName", "accounts-service-readiness");
        return properties;
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, config.health().databaseTimeout().toSeconds());
    }
}
