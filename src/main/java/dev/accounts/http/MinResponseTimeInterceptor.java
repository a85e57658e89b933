package dev.accounts.http;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Waits out the rest of the {@link MinResponseTime} after the method returned, whatever it returned. */
@MinResponseTime("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class MinResponseTimeInterceptor {

    @Inject
    Config config;

    @AroundInvoke
    Object floor(InvocationContext context) throws Exception {
        long started = System.nanoTime();
        Object result = context.proceed();
        MinResponseTime binding = context.getInterceptorBinding(MinResponseTime.class);
        waitUntil(started, config.getValue(binding.value(), Duration.class));
        return result;
    }

    private static void waitUntil(long startNanos, Duration floor) {
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
