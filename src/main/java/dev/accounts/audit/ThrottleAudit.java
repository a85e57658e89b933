package dev.accounts.audit;

import java.util.Map;

import dev.accounts.http.ThrottleFilter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Records the throttling of a client address ({@link AuditType#REQUESTS_THROTTLED}). */
@ApplicationScoped
public class ThrottleAudit {

    @Inject
    AuditLog audit;

    /** Filters may run on the event loop, which must not wait on the database: the event is written on a virtual thread. */
    void onThrottled(@Observes ThrottleFilter.ClientThrottled event) {
        Thread.ofVirtual().name("throttle-audit").start(() -> QuarkusTransaction.requiringNew().run(() ->
                audit.record(AuditType.REQUESTS_THROTTLED, null, event.client(),
                        Map.of("endpoint", event.endpoint().label(), "limitPerMinute", event.limitPerMinute()))));
    }
}
