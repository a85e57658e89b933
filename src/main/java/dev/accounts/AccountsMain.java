package dev.accounts;

import dev.accounts.admin.ImportCommand;
import dev.accounts.db.MigrateCommand;
import dev.accounts.migration.DjangoImportCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * The service, or with arguments a one-off command: {@code import-users FILE} imports an NDJSON file
 * without HTTP (see {@link ImportCommand}), {@code import-django} moves the users of a Django database
 * ({@link DjangoImportCommand}); {@code migrate} updates the schema and exits (see {@link MigrateCommand}).
 * Without arguments it serves until told to stop.
 */
@QuarkusMain
public class AccountsMain implements QuarkusApplication {

    @Inject
    ImportCommand importCommand;

    @Inject
    DjangoImportCommand djangoImportCommand;

    @Inject
    MigrateCommand migrateCommand;

    @Override
    public int run(String... args) {
        if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
            return importCommand.run(args);
        }
        if (args.length > 0 && DjangoImportCommand.NAME.equals(args[0])) {
            return djangoImportCommand.run(args);
        }
        if (args.length == 1 && MigrateCommand.NAME.equals(args[0])) {
            return migrateCommand.run(System.out);
        }
        if (args.length > 0) {
            System.err.println("unknown command '" + args[0] + "'; the commands are: " + ImportCommand.USAGE
                    + ", " + DjangoImportCommand.USAGE + " and " + MigrateCommand.NAME);
            return 2;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
