package dev.accounts.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local Pwned Passwords range API (no network here): {@code GET /range/{5 hex}} answers
 * {@code SUFFIX:COUNT} lines, CRLF-separated, for the passwords {@link #breach(String)} was told of, and,
 * when the request says {@code Add-Padding: true}, padding lines of count 0 as the real API does,
 * including those {@link #pad(String)} names. It can be made to fail ({@link #failing}) or to hang
 * ({@link #hanging}). As a test resource it points the service's breach check at itself.
 */
public class PwnedPasswordsServer implements QuarkusTestResourceLifecycleManager {

    private static final PwnedPasswordsServer INSTANCE = new PwnedPasswordsServer();

    private final Set<String> breached = ConcurrentHashMap.newKeySet();
    private final Set<String> padded = ConcurrentHashMap.newKeySet();
    /** Every request: its path and its Add-Padding header. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public volatile boolean failing;
    public volatile boolean hanging;
    private HttpServer server;

    public static PwnedPasswordsServer instance() {
        return INSTANCE;
    }

    @Override
    public Map<String, String> start() {
        String url = INSTANCE.listen();
        return Map.of("accounts.password.breach-check.enabled", "true",
                "accounts.password.breach-check.base-url", url,
                "accounts.password.breach-check.timeout", "500ms");
    }

    @Override
    public void stop() {
        INSTANCE.close();
    }

    /** Starts listening on a free port of 127.0.0.1; returns the base URL. */
    public synchronized String listen() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/range/", this::range);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The password appears in a breach (count 42). */
    public void breach(String password) {
        breached.add(sha1(password));
    }

    /** The password's suffix comes back as padding (count 0): it is not breached. */
    public void pad(String password) {
        padded.add(sha1(password));
    }

    private void range(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path + " padding=" + exchange.getRequestHeaders().getFirst("Add-Padding"));
        try (exchange) {
            if (hanging) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String prefix = path.substring("/range/".length()).toUpperCase(Locale.ROOT);
            if (failing || !prefix.matches("[0-9A-F]{5}")) {
                exchange.sendResponseHeaders(failing ? 503 : 400, -1);
                return;
            }
            StringBuilder body = new StringBuilder();
            // Real suffixes of other passwords, as a real answer has hundreds.
            for (int i = 0; i < 300; i++) {
                body.append(sha1("filler-" + prefix + "-" + i).substring(5)).append(':').append(i + 1).append("\r\n");
            }
            breached.stream().filter(hash -> hash.startsWith(prefix))
                    .forEach(hash -> body.append(hash.substring(5)).append(":42\r\n"));
            if ("true".equals(exchange.getRequestHeaders().getFirst("Add-Padding"))) {
                padded.stream().filter(hash -> hash.startsWith(prefix))
                        .forEach(hash -> body.append(hash.substring(5)).append(":0\r\n"));
                for (int i = 0; i < 200; i++) {
                    body.append(sha1("padding-" + prefix + "-" + i).substring(5)).append(":0\r\n");
                }
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public static String sha1(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(password.getBytes(StandardCharsets.UTF_8))).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
