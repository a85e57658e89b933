package dev.accounts.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application (the jar, or the native executable after -Dnative: whatever
 * target/quarkus-artifact.properties names) started as a process of its own, in the prod profile, on
 * 127.0.0.1 and a port it picks. Its output goes to a file under target/, which tests read. Close it
 * (try-with-resources) and it is killed if it is still running.
 */
public final class AppProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MANAGEMENT_LISTENING =
            Pattern.compile("Management interface listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private volatile int port = -1;
    private volatile int managementPort = -1;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the application with the given settings (environment variables) on top of a clean
     * environment: none of the build's QUARKUS_ or ACCOUNTS_ variables leak in.
     */
    public static AppProcess start(String name, Map<String, String> settings) {
        return start(name, settings, new String[0]);
    }

    /** As {@link #start(String, Map)}, with command-line arguments (a command such as {@code migrate}). */
    public static AppProcess start(String name, Map<String, String> settings, String... args) {
        Path log = Path.of("target", "processes", name + ".log");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = command();
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("ACCOUNTS_")
                    || key.startsWith("SMALLRYE_"));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", "0");
            env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            env.put("QUARKUS_MANAGEMENT_PORT", "0");
            env.putAll(settings);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new AppProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the packaged application", e);
        }
    }

    /** Settings every launch needs: the database and an SMTP port (mail may simply stay in the outbox). */
    public static Map<String, String> baseSettings(String jdbcUrl, int smtpPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        TestDatabase.username().ifPresent(user -> settings.put("QUARKUS_DATASOURCE_USERNAME", user));
        TestDatabase.password().ifPresent(secret -> settings.put("QUARKUS_DATASOURCE_PASSWORD", secret));
        settings.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        settings.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
        // The prod profile refuses to start without keys; every replica gets the same pair.
        settings.putAll(TestSigningKeys.environment());
        // Load from 127.0.0.1 must not meet the per-client limits (accounts.throttle.*).
        unthrottled().forEach((key, value) -> settings.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        offline().forEach((key, value) -> settings.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        return settings;
    }

    /** Per-client limits no test suite reaches. */
    public static Map<String, String> unthrottled() {
        return Map.of("accounts.throttle.login-per-minute", "100000",
                "accounts.throttle.registration-per-minute", "100000",
                "accounts.throttle.activation-request-per-minute", "100000",
                "accounts.throttle.password-reset-request-per-minute", "100000",
                // Tests ask for several activation and reset mails in a row (MailCooldownTest checks the guard).
                "accounts.registration.activation-mail-interval", "0S",
                "accounts.password-reset.mail-interval", "0S");
    }

    /** No look-up outside the machine: the breached-password check is off (BreachCheckTest runs its own API). */
    public static Map<String, String> offline() {
        // And the MFA encryption key, without which the prod profile refuses to start (a test key, as in %test).
        // And the audit erasure key (a test key, as in %test); the default public address (http://localhost),
        // which production refuses unless told otherwise; and SMTP without STARTTLS, which production
        // requires and the tests' GreenMail does not offer.
        return Map.of("accounts.password.breach-check.enabled", "false",
                "accounts.mfa.encryption-key", "bWZhLXRlc3Qta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=",
                "accounts.audit.erasure-key", "ZXJhc3VyZS10ZXN0LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=",
                "accounts.insecure-public-base-url-allowed", "true",
                "quarkus.mailer.start-tls", "DISABLED");
    }

    /** A port that nothing listens on (for an SMTP server that is simply not there). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command() throws IOException {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target", "quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path")).toAbsolutePath();
        List<String> command = new ArrayList<>();
        if ("native".equals(artifact.getProperty("type"))) {
            command.add(path.toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx320m");
            command.add("-jar");
            command.add(path.toString());
        }
        return command;
    }

    /** Waits until the application listens and /q/health/ready answers 200; fails with its log otherwise. */
    public AppProcess awaitReady(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (port < 0 || managementPort < 0) {
                String output = log();
                Matcher matcher = LISTENING.matcher(output);
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
                Matcher management = MANAGEMENT_LISTENING.matcher(output);
                if (management.find()) {
                    managementPort = Integer.parseInt(management.group(1));
                }
            } else if (status("/q/health/ready") == 200) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not ready after " + bound.toSeconds() + " s:\n" + log());
    }

    /** The address of a path: health and metrics on the management port, the rest on the public one. */
    public URI uri(String path) {
        boolean management = path.startsWith("/q/health") || path.startsWith("/q/metrics");
        int target = management ? managementPort : port;
        if (target < 0) {
            throw new IllegalStateException(name + " is not listening yet");
        }
        return URI.create("http://127.0.0.1:" + target + path);
    }

    /** The public port's address of a path, whatever the path. */
    public URI publicUri(String path) {
        if (port < 0) {
            throw new IllegalStateException(name + " is not listening yet");
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The status of a GET, or -1 when the connection fails. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; returns its exit code, or fails. */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running " + bound.toSeconds() + " s after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    /** Everything the process wrote so far (stdout and stderr). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
