package dev.accounts.security;

import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.crypto.params.Argon2Parameters;

import dev.accounts.config.AccountsConfig;
import dev.accounts.config.MigrationConfig;
import dev.accounts.security.argon2.Argon2Engine;
import dev.accounts.security.argon2.Argon2Phc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * argon2id password hashing (PHC strings, {@link Argon2Phc}). Hashing is deliberately slow and
 * memory-hungry, so it runs on a pool bounded to the number of CPUs with a short queue: a login or
 * registration flood then gets {@link HashingBusyException} (503) instead of starving every other
 * request, health probes included. Each hashing thread owns an {@link Argon2Engine} that keeps its
 * m KiB of blocks from one hash to the next, so hashing allocates nothing per password.
 * <p>
 * Every other hash (imported bcrypt, PBKDF2, scrypt, argon2 of other parameters...) is verified on a
 * bulkhead of its own, {@code accounts.migration.legacy-hashing-*}: a few threads, a short queue, a memory
 * budget for the memory-hard ones, and a deadline, so that a burst of logins of imported users never
 * holds the threads that registrations and the other logins need. No wait is unbounded: past its
 * deadline a hash is cancelled (argon2, PBKDF2 and PHPass stop at their next check of the interrupt)
 * and the caller gets 503. A failed check is answered no sooner than
 * {@code accounts.password.failed-verification-min-time}, above the largest accepted imported cost, so
 * that a wrong password times the same on an imported account, a migrated one and an unknown address.
 */
@Startup
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    @Inject
    AccountsConfig config;

    @Inject
    MigrationConfig migration;

    @Inject
    MeterRegistry metrics;

    private final SecureRandom random = new SecureRandom();
    private AccountsConfig.Password.Argon2 params;
    private ThreadPoolExecutor pool;
    private ThreadPoolExecutor legacyPool;
    private Timer hashTimer;
    private Timer verifyTimer;
    /** KiB of memory that verifications of large imported hashes may hold at once (see {@link #verify}). */
    private Semaphore importedHashMemory;
    private int importedHashMemoryKib;
    private PasswordHashFormats.FirebaseParameters firebase;

    @PostConstruct
    void init() {
        params = config.password().argon2();
        importedHashMemoryKib = Math.max(1, migration.hashMemoryBudgetMib()) * 1024;
        importedHashMemory = new Semaphore(importedHashMemoryKib, true);
        MigrationConfig.Firebase project = migration.firebase();
        firebase = project.signerKey().map(key -> PasswordHashFormats.FirebaseParameters
                .of(key, project.saltSeparator(), project.rounds(), project.memCost())
                .orElseThrow(() -> new IllegalStateException("accounts.migration.firebase: the signer key and salt "
                        + "separator must be base64, and mem-cost and rounds within the scrypt bounds")))
                .orElse(null);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.password().hashingQueueSize()),
                task -> new HashingThread(task, "password-hashing-" + counter.incrementAndGet(), params.memoryKib()),
                new ThreadPoolExecutor.AbortPolicy());
        AtomicInteger legacyCounter = new AtomicInteger();
        // Legacy threads keep no argon2 memory of their own: an imported argon2 hash allocates its m, which
        // the memory budget bounds (jvm.options counts it).
        legacyPool = new ThreadPoolExecutor(Math.max(1, migration.legacyHashingThreads()),
                Math.max(1, migration.legacyHashingThreads()), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, migration.legacyHashingQueueSize())),
                task -> new HashingThread(task, "legacy-hashing-" + legacyCounter.incrementAndGet(), 0),
                new ThreadPoolExecutor.AbortPolicy());
        // accounts_password_hashing_seconds: the work itself, not the wait for a hashing thread.
        hashTimer = Timer.builder("accounts.password.hashing").tag("operation", "hash")
                .description("argon2 time per password operation").register(metrics);
        verifyTimer = Timer.builder("accounts.password.hashing").tag("operation", "verify")
                .description("argon2 time per password operation").register(metrics);
    }

    void shutdown(@Observes ShutdownEvent event) {
        pool.shutdown();
        legacyPool.shutdown();
    }

    /** A PHC string ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}) with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return onPool(pool, config.password().hashingDeadline().toNanos(), hashTimer, () -> Argon2Phc.argon2id(password, params.memoryKib(), params.iterations(),
                params.parallelism(), salt, HASH_BYTES, Argon2Engine.forCurrentThread()).format());
    }

    /**
     * True when the password matches the stored hash: an argon2 PHC string, or one of the imported
     * formats of {@link PasswordHashFormats} (bcrypt, Django's), which {@link #needsRehash} then flags.
     * A hash beyond the import bounds (put in the table by other means, or imported before they were
     * tightened) verifies no password and costs nothing. A false answer comes no sooner than
     * {@code accounts.password.failed-verification-min-time} after the call.
     *
     * @throws HashingBusyException when the hashing capacity or the deadline is exhausted (503)
     */
    public boolean verify(String password, String storedHash) {
        long start = System.nanoTime();
        boolean matches = verifyNow(password, storedHash);
        if (!matches) {
            holdUntil(start + config.password().failedVerificationMinTime().toNanos());
        }
        return matches;
    }

    /**
     * The login check of a password as typed: its NFKC form (what the service hashes), and, against a
     * foreign hash (imported from Django, bcrypt... or any hash {@link #needsRehash} flags), also the typed
     * form when NFKC changes it, since the old system hashed the password as typed ("\uFB01" stays a
     * ligature there). The caller then upgrades with the NFKC form. The failure floor applies once.
     */
    public boolean verifyTyped(String typed, String storedHash) {
        long start = System.nanoTime();
        String normalized = PasswordPolicy.normalize(typed);
        boolean matches = verifyNow(normalized, storedHash)
                || !normalized.equals(typed) && needsRehash(storedHash) && verifyNow(typed, storedHash);
        if (!matches) {
            holdUntil(start + config.password().failedVerificationMinTime().toNanos());
        }
        return matches;
    }

    private boolean verifyNow(String password, String storedHash) {
        if (isOwn(storedHash)) {
            return onPool(pool, config.password().hashingDeadline().toNanos(), verifyTimer,
                    () -> PasswordHashFormats.verify(password, storedHash, firebase));
        }
        if (PasswordHashFormats.importableFormatOf(storedHash).isEmpty()) {
            return false;
        }
        long deadline = System.nanoTime() + migration.legacyVerifyDeadline().toNanos();
        long memoryKib = PasswordHashFormats.verificationMemoryKib(storedHash, firebase);
        if (memoryKib == 0) {
            return onPool(legacyPool, migration.legacyVerifyDeadline().toNanos(), verifyTimer,
                    () -> PasswordHashFormats.verify(password, storedHash, firebase));
        }
        // A memory-hard imported hash (Django's argon2 asks 100 MiB) allocates its memory for itself: such
        // verifications share a budget, so that a burst of them cannot exhaust the heap. A hash larger
        // than the whole budget takes all of it, and runs alone.
        int permits = (int) Math.min(memoryKib, importedHashMemoryKib);
        long wait = Math.min(migration.memoryWait().toNanos(), deadline - System.nanoTime());
        try {
            if (!importedHashMemory.tryAcquire(permits, Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                throw new HashingBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException();
        }
        try {
            return onPool(legacyPool, deadline - System.nanoTime(), verifyTimer,
                    () -> PasswordHashFormats.verify(password, storedHash, firebase));
        } finally {
            importedHashMemory.release(permits);
        }
    }

    /**
     * The service's own argon2id, or an argon2 hash no costlier than the current parameters (the dummy
     * hash, hashes made before the parameters were raised): the main pool, whose engines keep that memory.
     */
    private boolean isOwn(String storedHash) {
        return PasswordHashFormats.formatOf(storedHash).filter(format -> format == PasswordHashFormats.Format.ARGON2)
                .flatMap(format -> Argon2Phc.parse(storedHash))
                .filter(phc -> phc.memoryKib() <= params.memoryKib() && phc.iterations() <= params.iterations()
                        && phc.parallelism() <= params.parallelism())
                .isPresent();
    }

    private static void holdUntil(long nanoTime) {
        long remaining = nanoTime - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            // A virtual thread (every request here runs on one) waits without holding a carrier.
            TimeUnit.NANOSECONDS.sleep(remaining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Firebase project's parameters, or null when none are configured. */
    public PasswordHashFormats.FirebaseParameters firebaseParameters() {
        return firebase;
    }

    /** True when a stored argon2 hash was made with other parameters than the current ones. */
    public boolean needsRehash(String phcHash) {
        return Argon2Phc.parse(phcHash).map(hash -> !hash.hasParameters(Argon2Parameters.ARGON2_id,
                params.memoryKib(), params.iterations(), params.parallelism(), HASH_BYTES)).orElse(true);
    }

    private <T> T onPool(ThreadPoolExecutor executor, long timeoutNanos, Timer timer, Callable<T> work) {
        if (timeoutNanos <= 0) {
            throw new HashingBusyException();
        }
        Future<T> result;
        try {
            result = executor.submit(() -> timer.recordCallable(work));
        } catch (RejectedExecutionException full) {
            throw new HashingBusyException();
        }
        try {
            return result.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            // Interrupts the work: argon2, PBKDF2 and PHPass stop at their next check, and the thread is free.
            result.cancel(true);
            throw new HashingBusyException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    /** A hashing thread and its argon2 engine, which keeps up to the configured memory cost of blocks. */
    private static final class HashingThread extends Thread implements Argon2Engine.Owner {
        private final Argon2Engine engine;

        HashingThread(Runnable task, String name, int memoryKib) {
            super(task, name);
            setDaemon(true);
            engine = new Argon2Engine(memoryKib);
        }

        @Override
        public Argon2Engine argon2Engine() {
            return engine;
        }
    }
}
