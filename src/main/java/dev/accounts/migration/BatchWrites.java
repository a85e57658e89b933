package dev.accounts.migration;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The batches of an import written on threads of their own while the reading thread checks the next
 * ones, with a bound on how many are in flight, so that memory stays at a few batches. Each write's
 * outcome is handed to its consumer on the reading thread, in the order the batches were submitted
 * (with one writer thread, that is also the order they were written in). A failed write fails the
 * import: its exception comes out of the next {@link #submit} or {@link #finish}.
 *
 * @param <R> what a batch's write answers (the ids that went in)
 */
public final class BatchWrites<R> implements AutoCloseable {

    private record InFlight<R>(Future<R> write, Consumer<R> outcome) {
    }

    private final ExecutorService threads;
    private final int maxInFlight;
    private final Deque<InFlight<R>> inFlight = new ArrayDeque<>();

    /** {@code writers} daemon threads named {@code name}; at most {@code maxInFlight} batches submitted and not yet taken. */
    public BatchWrites(int writers, int maxInFlight, String name) {
        this.threads = Executors.newFixedThreadPool(writers, task -> {
            Thread writer = new Thread(task, name);
            writer.setDaemon(true);
            return writer;
        });
        this.maxInFlight = maxInFlight;
    }

    /** Hands the write to a writer thread, once fewer than the bound are in flight (waiting for the oldest). */
    public void submit(Callable<R> write, Consumer<R> outcome) throws SQLException {
        if (inFlight.size() == maxInFlight) {
            take(inFlight.removeFirst());
        }
        inFlight.addLast(new InFlight<>(threads.submit(write), outcome));
    }

    /** Waits for every write in flight, handing each outcome over in order. */
    public void finish() throws SQLException {
        while (!inFlight.isEmpty()) {
            take(inFlight.removeFirst());
        }
    }

    private void take(InFlight<R> write) throws SQLException {
        R result;
        try {
            result = write.write().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while writing an import batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("an import batch could not be written", e.getCause());
        }
        write.outcome().accept(result);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
