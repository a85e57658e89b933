package dev.accounts.audit;

import java.util.Map;

import dev.accounts.http.AccessRefusals;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Records refusals of access ({@link AuditType#ACCESS_REFUSED}), at most one a client, area, status and minute. */
@ApplicationScoped
public class AccessRefusalAudit {

    @Inject
    AuditLog audit;

    /** Fired on the event loop, which must not wait on the database: the event is written on a virtual thread. */
    void onRefused(@Observes AccessRefusals.AccessRefused event) {
        Thread.ofVirtual().name("access-refusal-audit").start(() -> QuarkusTransaction.requiringNew().run(() ->
                audit.record(AuditType.ACCESS_REFUSED, null, event.client(), Map.of("area", event.area().label,
                        "status", event.status(), "method", event.method(), "path", event.path()))));
    }
}
