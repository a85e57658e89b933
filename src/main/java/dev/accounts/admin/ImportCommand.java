package dev.accounts.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code java -jar quarkus-run.jar import-users users.ndjson}: the HTTP import, from a file, for imports
 * too long for one request. Prints a progress line per batch, then a line with the rate and the peak
 * heap (to standard error), and the summary as JSON at the end (to standard output).
 */
@ApplicationScoped
public class ImportCommand {

    public static final String NAME = "import-users";
    public static final String USAGE = NAME + " FILE.ndjson";

    @Inject
    UserImport userImport;

    @Inject
    ObjectMapper json;

    /**
     * The largest heap in use since the JVM started (start-up included): the sum of each heap pool's
     * peak, an upper bound since the pools need not peak at the same moment.
     */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    public int run(String... args) {
        PrintStream err = System.err;
        if (args.length != 2) {
            err.println("usage: " + USAGE);
            return 2;
        }
        Path file = Path.of(args[1]);
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            ImportSummary summary = userImport.importNdjson(in, null, null, lines -> {
                double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                err.printf("%s: %,d lines read, %,.0f lines/s%n", file.getFileName(), lines, lines / seconds);
            });
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            err.printf("%s: %,d imported, %,d skipped in %.1f s (%,.0f lines/s); peak heap used %,d MiB of %,d MiB max%n",
                    file.getFileName(), summary.imported(), summary.skipped(), seconds,
                    (summary.imported() + summary.skipped()) / seconds, peakHeapBytes() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.println(json.writeValueAsString(summary));
            return 0;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + file);
            return 1;
        } catch (IOException e) {
            err.println("could not read " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
