package dev.accounts.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A mail waiting to be sent (or sent): one row of the transactional outbox. */
@Entity
@Table(name = "mail_outbox")
@NamedQuery(name = "OutboxMail.countSince", query = """
        select count(m) from OutboxMail m where m.userId = :userId and m.template = :template and m.createdAt > :since
        """)
@NamedQuery(name = "OutboxMail.countUnsent", query = "select count(m) from OutboxMail m where m.sentAt is null and m.deadAt is null")
public class OutboxMail extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The account the mail is about; the row goes when the account is erased. */
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false, length = 254)
    public String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 64)
    public MailTemplate template;

    /** Template data; may hold a link with a token, so it is cleared once the mail has gone. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> payload;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "last_error", length = 1000)
    public String lastError;

    /** When the token in the payload's link expires; null for mail without one. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** When the mail was given up (its token expired, too many attempts, too old); the payload is erased then. */
    @Column(name = "dead_at")
    public Instant deadAt;

    /** A mail due now, not tried yet; the caller persists it. */
    public static OutboxMail due(UUID userId, String recipient, MailTemplate template, Map<String, String> payload,
            Instant now, Instant expiresAt) {
        OutboxMail mail = new OutboxMail();
        mail.expiresAt = expiresAt;
        mail.userId = userId;
        mail.recipient = recipient;
        mail.template = template;
        mail.payload = payload;
        mail.createdAt = now;
        mail.nextAttemptAt = now;
        return mail;
    }

    /** Mail of this template queued for the user after {@code since}. */
    public static boolean existsSince(UUID userId, MailTemplate template, Instant since) {
        return count("#OutboxMail.countSince",
                Parameters.with("userId", userId).and("template", template).and("since", since)) > 0;
    }

    /** Mails not sent yet, due or waiting for a retry: the outbox backlog. */
    public static long countUnsent() {
        return count("#OutboxMail.countUnsent");
    }

    /**
     * Up to {@code limit} due mails, locked for this transaction. SKIP LOCKED lets every replica's sender
     * run at once, each taking rows the others do not hold, so a mail is sent by one of them.
     */
    @SuppressWarnings("unchecked")
    public static List<OutboxMail> lockDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM mail_outbox
                WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= :now
                ORDER BY next_attempt_at, id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """, OutboxMail.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Gives up, in one statement, every unsent mail whose token has expired or that was queued before
     * {@code queuedBefore}: dead, payload (and with it the link and its token) erased. Rows another
     * replica is sending right now are skipped; its next poll, or this one's, takes them. Returns how many.
     */
    public static int expireDue(Instant now, Instant queuedBefore) {
        return getEntityManager().createNativeQuery("""
                UPDATE mail_outbox SET dead_at = :now, payload = NULL, last_error = 'expired before it could be sent'
                WHERE id IN (
                    SELECT id FROM mail_outbox
                    WHERE sent_at IS NULL AND dead_at IS NULL AND (expires_at <= :now OR created_at < :queuedBefore)
                    FOR UPDATE SKIP LOCKED)
                """)
                .setParameter("now", now)
                .setParameter("queuedBefore", queuedBefore)
                .executeUpdate();
    }

    /** Whether the mail's token has expired: sending it would only deliver a dead link. */
    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** Given up: never tried again, and the payload (any link with a token) is erased. */
    public void markDead(String reason, Instant now) {
        deadAt = now;
        payload = null;
        lastError = reason == null ? null : reason.substring(0, Math.min(reason.length(), 1000));
    }

    public void markSent(Instant now) {
        sentAt = now;
        payload = null;
        lastError = null;
        attempts++;
    }

    public void markFailed(String error, Instant now, Duration initialDelay, Duration maxDelay) {
        attempts++;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration delay = initialDelay.multipliedBy(factor);
        nextAttemptAt = now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
    }
}
