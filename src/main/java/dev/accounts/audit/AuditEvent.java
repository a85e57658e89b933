package dev.accounts.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One security-relevant event. It survives the account (user_id becomes NULL) and never holds an email. */
@Entity
@Table(name = "audit_events")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String type;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(length = 45)
    public String ip;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;

    /** An event as it happened; no details is stored as NULL. The caller persists it. */
    public static AuditEvent of(AuditType type, UUID userId, Instant occurredAt, String ip, Map<String, Object> details) {
        AuditEvent event = new AuditEvent();
        event.type = type.name();
        event.userId = userId;
        event.occurredAt = occurredAt;
        event.ip = ip;
        event.details = details == null || details.isEmpty() ? null : details;
        return event;
    }
}
