package dev.accounts.security;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import dev.accounts.config.AccountsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * argon2id password hashing (password4j, pure Java, PHC strings). Hashing is deliberately slow and
 * memory-hungry, so it runs on a pool bounded to the number of CPUs with a short queue: a login or
 * registration flood then gets {@link HashingBusyException} (503) instead of starving every other
 * request, health probes included.
 * <p>
 * Created at startup, not on first use: password4j registers a JVM shutdown hook when the argon2
 * function is made, which fails once shutdown has begun, so a first registration arriving during a
 * graceful shutdown would otherwise fail (and so would the shutdown observer below).
 */
@Startup
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    @Inject
    AccountsConfig config;

    @Inject
    MeterRegistry metrics;

    private Argon2Function argon2;
    private ThreadPoolExecutor pool;
    private Timer hashTimer;
    private Timer verifyTimer;

    @PostConstruct
    void init() {
        AccountsConfig.Password.Argon2 params = config.password().argon2();
        argon2 = Argon2Function.getInstance(params.memoryKib(), params.iterations(), params.parallelism(),
                HASH_BYTES, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.password().hashingQueueSize()),
                task -> {
                    Thread thread = new Thread(task, "password-hashing-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        // accounts_password_hashing_seconds: the work itself, not the wait for a hashing thread.
        hashTimer = Timer.builder("accounts.password.hashing").tag("operation", "hash")
                .description("argon2 time per password operation").register(metrics);
        verifyTimer = Timer.builder("accounts.password.hashing").tag("operation", "verify")
                .description("argon2 time per password operation").register(metrics);
    }

    void shutdown(@Observes ShutdownEvent event) {
        pool.shutdown();
    }

    /** A PHC string ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}) with a fresh random salt. */
    public String hash(String password) {
        return onPool(hashTimer, () -> Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult());
    }

    /**
     * True when the password matches the stored hash: an argon2 PHC string, or one of the imported
     * formats of {@link PasswordHashFormats} (bcrypt, Django's), which {@link #needsRehash} then flags.
     */
    public boolean verify(String password, String storedHash) {
        return onPool(verifyTimer, () -> PasswordHashFormats.verify(password, storedHash));
    }

    /** True when a stored argon2 hash was made with other parameters than the current ones. */
    public boolean needsRehash(String phcHash) {
        try {
            return !Argon2Function.getInstanceFromHash(phcHash).equals(argon2);
        } catch (RuntimeException notArgon2) {
            return true;
        }
    }

    private <T> T onPool(Timer timer, Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(() -> timer.recordCallable(work));
        } catch (RejectedExecutionException full) {
            throw new HashingBusyException();
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }
}
