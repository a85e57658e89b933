package dev.accounts.migration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A consecutive-failure breaker for the legacy endpoint: after {@code threshold} failures in a row it
 * opens for {@code openFor}, then lets one trial call through (half open); a success closes it, a failure
 * opens it again. Hand-written rather than SmallRye Fault Tolerance's {@code @CircuitBreaker} because the
 * call already runs on its own bounded executor with its own deadline, and these twenty lines need no
 * interceptor, no extra dependency and no reflection in the native image.
 */
final class CircuitBreaker {

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean trialInFlight;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
        this.clock = clock;
    }

    /** True when a call may go out now (closed, or the single trial call of a half-open breaker). */
    synchronized boolean allow() {
        if (failures < threshold) {
            return true;
        }
        if (clock.instant().isBefore(openUntil) || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    synchronized void succeeded() {
        failures = 0;
        trialInFlight = false;
    }

    synchronized void failed() {
        trialInFlight = false;
        failures = Math.min(failures + 1, threshold);
        if (failures >= threshold) {
            openUntil = clock.instant().plus(openFor);
        }
    }

    synchronized boolean isOpen() {
        return failures >= threshold;
    }
}
