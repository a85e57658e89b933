package dev.accounts.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.http.RequestIds;
import dev.accounts.support.AppProcess;
import dev.accounts.support.Tags;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;

/**
 * SIGTERM with requests in flight, against the packaged application in the prod profile: readiness
 * goes DOWN first, every request already accepted completes, and the process ends cleanly. Also shows
 * the production log format: one JSON object per line, with the request id of the request each line
 * was written for.
 */
@Tag(Tags.OPS)
class GracefulShutdownIT {

    private static final Logger LOG = Logger.getLogger(GracefulShutdownIT.class);
    /** Hashing work queued at SIGTERM, in seconds: well past the shutdown delay. */
    private static final int WORK_SECONDS = 6;
    /** Below the hashing queue the test gives the application (beyond it: 503). */
    private static final int MAX_REQUESTS = 400;
    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(2);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void requestsInFlightAtSigtermAllComplete() throws Exception {
        Assumptions.assumeTrue(TestDatabase.configured(), "needs a configured PostgreSQL for the launched process");
        Map<String, String> settings = AppProcess.baseSettings(TestDatabase.url(), AppProcess.freePort());
        settings.put("QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "S");
        settings.put("QUARKUS_SHUTDOWN_TIMEOUT", "60S");
        // Slow hashing (argon2id with many passes) keeps registrations in flight through the shutdown;
        // how many depends on this machine's speed (requestsForSeconds).
        settings.put("ACCOUNTS_PASSWORD_ARGON2_ITERATIONS", "20");
        settings.put("ACCOUNTS_PASSWORD_HASHING_QUEUE_SIZE", "512");
        // The slow hashes queue for longer than the default bounded wait (5 s); they must still finish.
        settings.put("ACCOUNTS_PASSWORD_HASHING_DEADLINE", "120S");
        settings.put("QUARKUS_LOG_CATEGORY__DEV_ACCOUNTS__LEVEL", "DEBUG");

        try (AppProcess app = AppProcess.start("graceful-shutdown", settings)) {
            app.awaitReady(Duration.ofSeconds(90));
            HttpClient http = HttpClient.newHttpClient();
            Set<String> requestIds = new HashSet<>();
            int requests = requestsForSeconds(http, app, WORK_SECONDS, requestIds);
            List<CompletableFuture<Long>> finishedAt = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String requestId = "shutdown-" + i + "-" + UUID.randomUUID();
                requestIds.add(requestId);
                finishedAt.add(http.sendAsync(registration(app, requestId), HttpResponse.BodyHandlers.ofString())
                        .thenApply(response -> {
                            assertEquals(202, response.statusCode(), response.body());
                            return System.nanoTime();
                        }));
            }
            Thread.sleep(200);
            assertFalse(finishedAt.stream().allMatch(CompletableFuture::isDone), "requests still in flight");

            long sigterm = System.nanoTime();
            app.terminate();
            // Readiness goes DOWN at once, while the replica still serves (liveness answers).
            long readyDown = awaitStatus(app, "/q/health/ready", 503, Duration.ofSeconds(5)) - sigterm;
            assertTrue(readyDown < SHUTDOWN_DELAY.toNanos(), "readiness DOWN before the shutdown delay ends");
            assertEquals(200, app.status("/q/health/live"));

            List<Long> done = new ArrayList<>();
            for (CompletableFuture<Long> future : finishedAt) {
                done.add(future.get(90, TimeUnit.SECONDS));
            }
            long lastDone = done.stream().mapToLong(Long::longValue).max().orElseThrow() - sigterm;
            int exit = app.awaitExit(Duration.ofSeconds(60));
            long exited = System.nanoTime() - sigterm;
            LOG.infof("readiness DOWN %d ms after SIGTERM; last of %d requests answered 202 %d ms after it; exit %d after %d ms",
                    readyDown / 1_000_000, requests, lastDone / 1_000_000, exit, exited / 1_000_000);
            assertTrue(lastDone > SHUTDOWN_DELAY.toNanos(),
                    "some requests were still in flight when the delay ended, and completed");
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
            assertTrue(exit == 0 || exit == 143, "exit code " + exit);

            String log = app.log();
            assertTrue(log.contains("stopped in"), "Quarkus stopped normally:\n" + log);
            assertJsonLinesWithRequestIds(log, requestIds);
        }
    }

    /**
     * How many registrations keep the replica's hashing threads (one per CPU) busy for about
     * {@code seconds}, from the time one takes here once warm: machines differ tenfold.
     */
    private static int requestsForSeconds(HttpClient http, AppProcess app, int seconds, Set<String> requestIds)
            throws Exception {
        long took = 0;
        for (int i = 0; i < 2; i++) {
            String requestId = "warm-up-" + i + "-" + UUID.randomUUID();
            requestIds.add(requestId);
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(registration(app, requestId), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            took = System.nanoTime() - started;
        }
        long perRequestMillis = Math.max(1, took / 1_000_000);
        int cores = Runtime.getRuntime().availableProcessors();
        return (int) Math.min(MAX_REQUESTS, Math.max(8, cores * Math.ceil(seconds * 1000.0 / perRequestMillis)));
    }

    private static HttpRequest registration(AppProcess app, String requestId) throws Exception {
        return HttpRequest.newBuilder(app.uri("/api/v1/registrations"))
                .header("Content-Type", "application/json")
                .header(RequestIds.HEADER, requestId)
                .timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(
                        TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD))))
                .build();
    }

    /** Every line is a JSON object; errors are none; each registration's line names its request. */
    private static void assertJsonLinesWithRequestIds(String log, Set<String> requestIds) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> logged = new HashSet<>();
        for (String line : log.split("\n")) {
            if (line.isBlank() || !line.startsWith("{")) {
                // The JVM itself may print a warning or two before logging starts.
                continue;
            }
            JsonNode record = json.readTree(line);
            assertFalse(record.path("level").asText().equals("ERROR"), "no error logged: " + line);
            if (record.path("message").asText().startsWith("registered user")) {
                logged.add(record.path("mdc").path(RequestIds.MDC_KEY).asText());
            }
        }
        assertEquals(requestIds, logged, "each registration logged with its own request id");
    }

    /** Polls a path until it answers {@code status}; returns System.nanoTime() then. */
    private static long awaitStatus(AppProcess app, String path, int status, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (app.status(path) == status) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + bound.toSeconds() + " s");
    }
}
