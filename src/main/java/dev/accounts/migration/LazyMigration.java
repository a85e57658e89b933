package dev.accounts.migration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.config.MigrationConfig;
import dev.accounts.http.ClientInfo;
import dev.accounts.security.PasswordHasher;
import dev.accounts.security.PasswordPolicy;
import dev.accounts.user.DisplayNames;
import dev.accounts.user.EmailAddress;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Lazy migration ({@code accounts.migration.lazy.*}): a login for an address without an account asks the
 * old system whether the password is right and, when it says yes, creates the account, ACTIVE, with an
 * argon2id hash of the (NFKC-normalized) password. Contract of the endpoint: POST
 * {@code {"email": ..., "password": ...}} as JSON; a 200 with {@code {"valid": true}} (optionally
 * {@code displayName} and {@code roles}) is yes, anything else is no.
 * <p>
 * Nothing the endpoint does may hold a replica: the call runs on a small executor of its own without a
 * queue (bulkhead), under one deadline for connection and whole answer, reads at most
 * {@code max-body-bytes}, and a breaker stops calling after consecutive failures. A legacy password is not
 * held to the password policy's rules: the person chose it under the old system's, and a login must not
 * refuse a password that is right; the next password change applies the policy.
 */
@ApplicationScoped
public class LazyMigration {

    private static final Logger LOG = Logger.getLogger(LazyMigration.class);

    @Inject
    MigrationConfig migration;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    ImportedUserWriter writer;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    private MigrationConfig.Lazy settings;
    private HttpClient http;
    private ThreadPoolExecutor calls;
    private CircuitBreaker breaker;

    /** An account just created from the legacy system's yes: what the login goes on with. */
    public record Migrated(UUID userId, String passwordHash) {
        @Override
        public String toString() {
            return "Migrated[userId=" + userId + ", passwordHash=***]";
        }
    }

    private enum Verdict { YES, NO, FAILED }

    private record Answer(Verdict verdict, String displayName, Set<String> roles) {
        static final Answer NO = new Answer(Verdict.NO, null, Set.of());
        static final Answer FAILED = new Answer(Verdict.FAILED, null, Set.of());
    }

    @PostConstruct
    void init() {
        settings = migration.lazy();
        if (!settings.enabled()) {
            return;
        }
        URI endpoint = settings.endpoint().orElseThrow(() -> new IllegalStateException(
                "accounts.migration.lazy.enabled needs accounts.migration.lazy.endpoint"));
        String scheme = String.valueOf(endpoint.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowPlainHttp())) {
            throw new IllegalStateException("accounts.migration.lazy.endpoint must be https (passwords travel to it); "
                    + "set accounts.migration.lazy.allow-plain-http=true only for a sidecar on the same host");
        }
        http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        AtomicInteger counter = new AtomicInteger();
        int threads = Math.max(1, settings.concurrency());
        calls = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "lazy-migration-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), clock);
    }

    void shutdown(@Observes ShutdownEvent event) {
        if (calls != null) {
            calls.shutdownNow();
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Asks the legacy endpoint about an address that has no account; on yes, creates the account and
     * returns it. Empty when lazy migration is off, the endpoint says no or fails, or the address was
     * taken meanwhile. {@code password} is the one typed: the old system hashed it as it was.
     */
    public Optional<Migrated> tryMigrate(EmailAddress email, String password, ClientInfo client) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        if (!breaker.allow()) {
            count("breaker-open");
            return Optional.empty();
        }
        Answer answer = ask(email.value(), password);
        switch (answer.verdict()) {
            case FAILED -> {
                breaker.failed();
                return Optional.empty();
            }
            case NO -> {
                breaker.succeeded();
                count("refused");
                return Optional.empty();
            }
            default -> breaker.succeeded();
        }
        String hash = passwordHasher.hash(PasswordPolicy.normalize(password));
        Instant now = clock.instant();
        Set<String> roles = new LinkedHashSet<>();
        roles.add(User.DEFAULT_ROLE);
        roles.addAll(answer.roles());
        UUID id = UUID.randomUUID();
        Set<UUID> created = writer.write(List.of(new ImportedUser(id, email.value(), email.normalized(), hash,
                answer.displayName(), UserStatus.ACTIVE, now, null, roles, false, null)), now);
        if (!created.contains(id)) {
            // Registered or migrated by a concurrent request: that account's own password check decides.
            count("conflict");
            return Optional.empty();
        }
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditType.USER_LAZILY_MIGRATED, id, client,
                Map.of("roles", String.join(",", roles))));
        count("migrated");
        LOG.infof("user %s migrated lazily from the legacy endpoint", id);
        return Optional.of(new Migrated(id, hash));
    }

    /**
     * While lazy migration is on, a failed login answers no sooner than the endpoint's timeout after it
     * began: an unknown address (endpoint asked) then times like a wrong password (endpoint not asked).
     */
    public void holdFailedLogin(long startNanos) {
        if (!settings.enabled()) {
            return;
        }
        long until = startNanos + settings.timeout().toNanos();
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private Answer ask(String email, String password) {
        Future<Answer> call;
        try {
            call = calls.submit(() -> post(email, password));
        } catch (RejectedExecutionException e) {
            // Bulkhead full: refused without counting against the endpoint.
            count("busy");
            return Answer.NO;
        }
        try {
            return call.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            count("timeout");
            LOG.warn("lazy migration: the legacy endpoint did not answer within the timeout");
            return Answer.FAILED;
        } catch (ExecutionException e) {
            count("error");
            // The cause's class only: a message could quote the request.
            LOG.warnf("lazy migration: the legacy endpoint failed (%s)", e.getCause().getClass().getSimpleName());
            return Answer.FAILED;
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Answer.FAILED;
        }
    }

    /** One call; throws for transport errors, 5xx, oversized or unparseable answers (breaker failures). */
    private Answer post(String email, String password) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(Map.of("email", email, "password", password));
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint().orElseThrow())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 500) {
                throw new IOException("status " + response.statusCode());
            }
            if (response.statusCode() != 200) {
                return Answer.NO;
            }
            byte[] read = in.readNBytes(settings.maxBodyBytes() + 1);
            if (read.length > settings.maxBodyBytes()) {
                throw new IOException("answer over " + settings.maxBodyBytes() + " bytes");
            }
            return parse(json.readTree(read));
        }
    }

    private Answer parse(JsonNode answer) throws IOException {
        if (answer == null || !answer.isObject()) {
            throw new IOException("answer is not a JSON object");
        }
        if (!answer.path("valid").isBoolean() || !answer.path("valid").booleanValue()) {
            return Answer.NO;
        }
        String displayName = answer.path("displayName").isTextual()
                ? DisplayNames.clean(answer.path("displayName").textValue()).orElse(null)
                : null;
        Set<String> allowed = settings.allowedRoles().orElse(Set.of());
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode role : answer.path("roles")) {
            if (role.isTextual() && allowed.contains(role.textValue())) {
                roles.add(role.textValue());
            }
        }
        return new Answer(Verdict.YES, displayName, roles);
    }

    private void count(String outcome) {
        metrics.counter("accounts.lazy.migrations", "outcome", outcome).increment();
    }
}
