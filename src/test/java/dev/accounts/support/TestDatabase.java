package dev.accounts.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The test database as the build configured it (QUARKUS_DATASOURCE_JDBC_URL in the environment, or the
 * system properties of the pom's local-postgresql profile), for tests that cannot inject the
 * application's DataSource: integration tests against the packaged application, and tests that start
 * the application as a process of their own.
 */
public final class TestDatabase {

    /** Throwaway databases made by tests are named so that nobody mistakes them for real ones. */
    private static final Pattern THROWAWAY = Pattern.compile("accounts_ops_[a-z0-9_]{1,40}");

    private TestDatabase() {
    }

    /** True when a JDBC URL is configured (not the case when Dev Services provides the database). */
    public static boolean configured() {
        return setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL").isPresent();
    }

    public static String url() {
        return setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL")
                .orElseThrow(() -> new IllegalStateException(
                        "set QUARKUS_DATASOURCE_JDBC_URL (or run with the local-postgresql Maven profile)"));
    }

    public static Optional<String> username() {
        return setting("quarkus.datasource.username", "QUARKUS_DATASOURCE_USERNAME");
    }

    public static Optional<String> password() {
        return setting("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD");
    }

    /** Host and port of the server, from the JDBC URL. */
    public static URI server() {
        URI uri = URI.create(url().substring("jdbc:".length()));
        return URI.create("tcp://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()));
    }

    /** The configured URL pointed at another database (or another host and port) of the same server. */
    public static String url(String host, int port, String database) {
        URI uri = URI.create(url().substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + query;
    }

    public static String databaseName() {
        String path = URI.create(url().substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    public static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url());
        username().ifPresent(dataSource::setUser);
        password().ifPresent(dataSource::setPassword);
        return dataSource;
    }

    public static DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url(server().getHost(), server().getPort(), database));
        username().ifPresent(dataSource::setUser);
        password().ifPresent(dataSource::setPassword);
        return dataSource;
    }

    public static void create(String database) {
        maintenance("CREATE DATABASE " + throwaway(database));
    }

    public static void drop(String database) {
        // FORCE (PostgreSQL 13+) ends sessions a killed process may have left behind.
        maintenance("DROP DATABASE IF EXISTS " + throwaway(database) + " WITH (FORCE)");
    }

    private static String throwaway(String database) {
        if (!THROWAWAY.matcher(database).matches()) {
            throw new IllegalArgumentException("not a throwaway test database name: " + database);
        }
        return database;
    }

    private static void maintenance(String sql) {
        String url = url(server().getHost(), server().getPort(), "postgres");
        try (Connection connection = DriverManager.getConnection(url, username().orElse(null), password().orElse(null));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }

    private static Optional<String> setting(String property, String environmentVariable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        if (value == null || value.isBlank()) {
            try {
                value = ConfigProvider.getConfig().getOptionalValue(property, String.class).orElse(null);
            } catch (RuntimeException noConfig) {
                value = null;
            }
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
