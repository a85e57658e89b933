package dev.accounts.db;

import java.io.PrintStream;

import org.jboss.logging.Logger;

import io.quarkus.liquibase.LiquibaseFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import liquibase.Liquibase;

/**
 * {@code migrate}: brings the schema up to date with Liquibase, then exits (0 on success). For a
 * pre-upgrade Job, when replicas do not migrate at start ({@code QUARKUS_LIQUIBASE_MIGRATE_AT_START=false}
 * on the Deployment). It runs the update itself, so it migrates whatever the shared configuration says
 * about migrating at start; Liquibase's lock (a session advisory lock here) keeps it apart from any
 * replica that migrates at the same moment.
 */
@ApplicationScoped
public class MigrateCommand {

    public static final String NAME = "migrate";

    private static final Logger LOG = Logger.getLogger(MigrateCommand.class);

    @Inject
    LiquibaseFactory liquibaseFactory;

    public int run(PrintStream out) {
        try (Liquibase liquibase = liquibaseFactory.createLiquibase()) {
            int pending = liquibase.listUnrunChangeSets(liquibaseFactory.createContexts(),
                    liquibaseFactory.createLabels()).size();
            liquibase.update(liquibaseFactory.createContexts(), liquibaseFactory.createLabels());
            out.printf("{\"migrated\":true,\"changeSetsApplied\":%d}%n", pending);
            return 0;
        } catch (Exception e) {
            // The kind and message of a database or changelog failure; no row data is in them.
            LOG.errorf("migration failed: %s: %s", e.getClass().getSimpleName(), e.getMessage());
            return 1;
        }
    }
}
