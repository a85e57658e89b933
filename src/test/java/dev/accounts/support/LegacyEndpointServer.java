package dev.accounts.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A legacy system's password check for lazy migration, on 127.0.0.1 (plain HTTP, allowed by the test's
 * setting). It answers by the local part's prefix: {@code yes-} valid with a display name and roles,
 * {@code no-} invalid, {@code slow-} after 5 s, {@code drip-} one byte a second, {@code garbage-} not JSON,
 * {@code huge-} a 1 MiB body, {@code down-} 503; only for the password {@link #PASSWORD} (else invalid).
 * It counts calls per address and keeps the Authorization headers it saw.
 */
public class LegacyEndpointServer implements QuarkusTestResourceLifecycleManager {

    /** The legacy password: shorter than the policy allows, and with a character NFKC changes. */
    public static final String PASSWORD = "ﬁsh-42";
    public static final String TOKEN = "legacy-shared-secret";
    private static final Pattern EMAIL = Pattern.compile("\"email\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PASSWORD_FIELD = Pattern.compile("\"password\"\\s*:\\s*\"([^\"]*)\"");
    private static final LegacyEndpointServer INSTANCE = new LegacyEndpointServer();

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public static LegacyEndpointServer instance() {
        return INSTANCE;
    }

    @Override
    public Map<String, String> start() {
        String url = INSTANCE.listen();
        return Map.of("accounts.migration.lazy.enabled", "true",
                "accounts.migration.lazy.endpoint", url + "/check",
                "accounts.migration.lazy.allow-plain-http", "true",
                "accounts.migration.lazy.bearer-token", TOKEN,
                "accounts.migration.lazy.timeout", "1500ms",
                "accounts.migration.lazy.breaker-failure-threshold", "3",
                "accounts.migration.lazy.breaker-open-duration", "6s",
                "accounts.migration.lazy.allowed-roles", "editor");
    }

    @Override
    public void stop() {
        INSTANCE.close();
    }

    public int calls(String email) {
        AtomicInteger count = calls.get(email);
        return count == null ? 0 : count.get();
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    synchronized String listen() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/check", this::check);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void check(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher email = EMAIL.matcher(body);
            Matcher password = PASSWORD_FIELD.matcher(body);
            if (!email.find() || !password.find()) {
                answer(exchange, 400, "{}");
                return;
            }
            String address = email.group(1);
            calls.computeIfAbsent(address, key -> new AtomicInteger()).incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean right = PASSWORD.equals(password.group(1));
            String kind = address.substring(0, address.indexOf('-') + 1);
            switch (kind) {
                case "slow-" -> {
                    sleep(5000);
                    answer(exchange, 200, "{\"valid\":true}");
                }
                case "drip-" -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 10; i++) {
                        out.write(' ');
                        out.flush();
                        sleep(1000);
                    }
                }
                case "garbage-" -> answer(exchange, 200, "<html>not json");
                case "huge-" -> answer(exchange, 200, "{\"valid\":true,\"pad\":\"" + "x".repeat(1 << 20) + "\"}");
                case "down-" -> answer(exchange, 503, "{}");
                case "yes-" -> answer(exchange, 200, right
                        ? "{\"valid\":true,\"displayName\":\"Legacy Person\",\"roles\":[\"editor\",\"admin\"]}"
                        : "{\"valid\":false}");
                default -> answer(exchange, 200, "{\"valid\":false}");
            }
        } catch (IOException e) {
            // The service gave up on a slow answer: expected.
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
