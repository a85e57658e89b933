package dev.accounts.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.accounts.support.AppProcess;
import dev.accounts.support.TestDatabase;

/**
 * {@code migrate}, the command of the pre-upgrade Job: on an empty database it applies every
 * changeset and exits 0, even with migration at start switched off (as the Deployment has it when
 * teams migrate by Job); run again it applies nothing and exits 0.
 */
class MigrateCommandIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void migratesAnEmptyDatabaseAndExits() throws Exception {
        Assumptions.assumeTrue(TestDatabase.configured(), "needs a configured PostgreSQL to create a database on");
        String database = "accounts_ops_migrate_" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.create(database);
        try {
            String url = TestDatabase.url(TestDatabase.server().getHost(), TestDatabase.server().getPort(), database);
            Map<String, String> settings = AppProcess.baseSettings(url, AppProcess.freePort());
            settings.put("QUARKUS_LIQUIBASE_MIGRATE_AT_START", "false");
            DataSource dataSource = TestDatabase.dataSource(database);

            try (AppProcess first = AppProcess.start("migrate-1", settings, "migrate")) {
                assertEquals(0, first.awaitExit(Duration.ofSeconds(150)), first.log());
                assertTrue(first.log().contains("\"migrated\":true"), first.log());
                assertTrue(first.log().matches("(?s).*\"changeSetsApplied\":[1-9].*"), first.log());
            }
            long applied = count(dataSource, "SELECT count(*) FROM databasechangelog");
            assertTrue(applied >= 9, "changesets recorded: " + applied);
            assertEquals(0, count(dataSource, "SELECT count(*) FROM users"), "the schema exists, empty");

            try (AppProcess second = AppProcess.start("migrate-2", settings, "migrate")) {
                assertEquals(0, second.awaitExit(Duration.ofSeconds(150)), second.log());
                assertTrue(second.log().contains("\"changeSetsApplied\":0"), second.log());
            }
            assertEquals(applied, count(dataSource, "SELECT count(*) FROM databasechangelog"));
        } finally {
            TestDatabase.drop(database);
        }
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
