package dev.accounts.http;

import java.time.Duration;

/**
 * Holds an answer back until a minimum time after the request arrived, so that how long the work took
 * (a mail queued for an account, nothing for an unknown address) does not show. Called outside any
 * transaction, on a virtual thread: the wait holds no connection and no platform thread.
 */
public final class ResponseFloor {

    private ResponseFloor() {
    }

    /** A start time for {@link #waitUntil}. */
    public static long start() {
        return System.nanoTime();
    }

    public static void waitUntil(long startNanos, Duration floor) {
        long remaining = startNanos + floor.toNanos() - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(remaining));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
