package dev.accounts.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.accounts.config.AccountsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The breached-password check of NIST SP 800-63B-4 3.1.1.2 and ASVS 6.2.12, through the Pwned Passwords
 * range API: the password's SHA-1 is computed here, only its first 5 hex characters are sent
 * ({@code GET {base-url}/range/{prefix}}, k-anonymity), and the answer's suffixes are matched here. The
 * request asks for padding ({@code Add-Padding: true}): the answer is then filled with fake suffixes of
 * count 0, so that its length does not tell an observer which prefix was asked; those are ignored.
 * <p>
 * Answers are cached by prefix (bounded, for {@code cache-ttl}) as the first 64 bits of each suffix, a
 * few KiB per prefix: a 64-bit collision within one prefix would refuse a password, never admit one.
 * The JDK's HttpClient, which a native image supports without registration.
 */
@ApplicationScoped
public class BreachedPasswords {

    /** What the range API said about a password. */
    public enum Verdict {
        BREACHED, NOT_FOUND, UNAVAILABLE
    }

    private static final Logger LOG = Logger.getLogger(BreachedPasswords.class);
    private static final int PREFIX_LENGTH = 5;
    private static final int SUFFIX_LENGTH = 35;
    /** A real answer has about a thousand lines; a server that sends far more is not the range API. */
    private static final int MAX_LINES = 100_000;

    private final AccountsConfig.Password.BreachCheck settings;
    private final MeterRegistry metrics;
    private final HttpClient http;
    private final Cache<String, long[]> ranges;

    @Inject
    public BreachedPasswords(AccountsConfig config, MeterRegistry metrics) {
        this(config.password().breachCheck(), metrics);
    }

    BreachedPasswords(AccountsConfig.Password.BreachCheck settings, MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.ranges = Caffeine.newBuilder()
                .maximumSize(settings.cacheSize())
                .expireAfterWrite(settings.cacheTtl())
                .build();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether a refused look-up refuses the password ({@code on-unavailable=reject}). */
    public boolean rejectWhenUnavailable() {
        return settings.onUnavailable() == AccountsConfig.Password.BreachCheck.OnUnavailable.REJECT;
    }

    /** Looks the (normalized) password up; blocking, at most about twice the timeout. */
    public Verdict check(String password) {
        String sha1 = sha1Hex(password);
        String prefix = sha1.substring(0, PREFIX_LENGTH);
        long suffix = Long.parseUnsignedLong(sha1.substring(PREFIX_LENGTH, PREFIX_LENGTH + 16), 16);
        long[] known = ranges.getIfPresent(prefix);
        if (known == null) {
            Optional<long[]> fetched = fetch(prefix);
            if (fetched.isEmpty()) {
                count("unavailable");
                return Verdict.UNAVAILABLE;
            }
            known = fetched.get();
            ranges.put(prefix, known);
        }
        Verdict verdict = Arrays.binarySearch(known, suffix) >= 0 ? Verdict.BREACHED : Verdict.NOT_FOUND;
        count(verdict == Verdict.BREACHED ? "breached" : "not_found");
        return verdict;
    }

    private Optional<long[]> fetch(String prefix) {
        URI uri = URI.create(stripSlash(settings.baseUrl()) + "/range/" + prefix);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Add-Padding", "true")
                .header("User-Agent", "accounts-service")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    // The prefix is not secret enough to log with a password's context: only the status.
                    LOG.warnf("breached-password check: the range API answered %d", response.statusCode());
                    return Optional.empty();
                }
                return parse(body);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("breached-password check: the range API is unreachable (%s)", e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * {@code SUFFIX:COUNT} lines (35 hex characters, upper case); padding lines have count 0. Empty when
     * the body is not such a list.
     */
    static Optional<long[]> parse(InputStream body) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.US_ASCII), 8192);
        long[] suffixes = new long[1024];
        int size = 0;
        int lines = 0;
        char[] line = new char[SUFFIX_LENGTH + 16];
        for (int c = reader.read(); c != -1; ) {
            int length = 0;
            // Read one line into a fixed buffer: an over-long line is not the API's format.
            while (c != -1 && c != '\n') {
                if (c != '\r') {
                    if (length == line.length) {
                        return Optional.empty();
                    }
                    line[length++] = (char) c;
                }
                c = reader.read();
            }
            if (c == '\n') {
                c = reader.read();
            }
            if (length == 0) {
                continue;
            }
            if (++lines > MAX_LINES) {
                return Optional.empty();
            }
            String text = new String(line, 0, length);
            int colon = text.indexOf(':');
            if (colon != SUFFIX_LENGTH || !text.substring(0, colon).matches("[0-9A-Fa-f]{35}")
                    || !text.substring(colon + 1).matches("[0-9]{1,12}")) {
                return Optional.empty();
            }
            if (Long.parseLong(text.substring(colon + 1)) == 0) {
                continue;
            }
            if (size == suffixes.length) {
                suffixes = Arrays.copyOf(suffixes, size * 2);
            }
            suffixes[size++] = Long.parseUnsignedLong(text.substring(0, 16), 16);
        }
        long[] result = Arrays.copyOf(suffixes, size);
        Arrays.sort(result);
        return Optional.of(result);
    }

    private void count(String outcome) {
        metrics.counter("accounts.password.breach.checks", "outcome", outcome).increment();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String sha1Hex(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
