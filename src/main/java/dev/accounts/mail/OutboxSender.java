package dev.accounts.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.accounts.config.AccountsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Variant;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Delivers the outbox over SMTP. Each run locks a batch of due rows (SKIP LOCKED, so replicas share the
 * work without sending a mail twice), sends them, and records the outcome in the same transaction. A
 * failed send is retried later with exponential backoff, up to {@code accounts.mail.max-attempts} tries
 * and {@code accounts.mail.max-age} after it was queued: an SMTP outage delays mail and loses none that
 * is still worth sending. Mail whose token (activation, reset) expired before it could go is given up
 * and its payload erased at the next poll, so that no raw token sits in the outbox past its expiry. On shutdown it takes no new batch, and the one in progress finishes and commits before
 * the datasource closes: a mail that went out is marked sent, so no replica sends it again.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    /** Anything with an @ between non-space characters: whatever a server quotes of an address goes. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\],;:\"']*@[^\\s<>()\\[\\],;:\"']*");

    /** How long shutdown waits for the batch in progress; SMTP answers (or times out) well within it. */
    private static final long STOP_WAIT_SECONDS = 15;

    @Inject
    Mailer mailer;

    @Inject
    AccountsConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /** Held by the batch in progress, transaction included, so that shutdown can wait for it. */
    private final Semaphore batch = new Semaphore(1);
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean stopping;
    private boolean failing;
    private Counter sent;
    private Counter failed;
    private Counter dead;

    @PostConstruct
    void registerMeters() {
        Gauge.builder("accounts.mail.outbox.backlog", backlog, AtomicLong::get)
                .description("Mails waiting in the outbox, as of this replica's last poll")
                .register(registry);
        sent = Counter.builder("accounts.mail.deliveries").tag("outcome", "sent")
                .description("Outbox mails handed to the SMTP server, or failed to be").register(registry);
        failed = Counter.builder("accounts.mail.deliveries").tag("outcome", "failed")
                .description("Outbox mails handed to the SMTP server, or failed to be").register(registry);
        dead = Counter.builder("accounts.mail.deliveries").tag("outcome", "dead")
                .description("Outbox mails handed to the SMTP server, or failed to be").register(registry);
    }

    @Scheduled(identity = "mail-outbox-sender", every = "${accounts.mail.poll-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        if (stopping || !batch.tryAcquire()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(this::sendBatch);
            if (failing) {
                LOG.info("mail outbox reachable again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // Usually the database is away; readiness says so. One warning per outage, not one a poll.
            if (!failing) {
                LOG.warnf("mail outbox unavailable, retrying every poll: %s", describe(e));
                failing = true;
            } else {
                LOG.debugf("mail outbox still unavailable: %s", describe(e));
            }
        } finally {
            batch.release();
        }
    }

    private void sendBatch() {
        Instant now = clock.instant();
        int expired = OutboxMail.expireDue(now, now.minus(config.mail().maxAge()));
        if (expired > 0) {
            dead.increment(expired);
            LOG.warnf("%d mail(s) given up unsent: their link expired, or they waited longer than %s", expired,
                    config.mail().maxAge());
        }
        List<OutboxMail> due = OutboxMail.lockDue(now, config.mail().batchSize());
        for (OutboxMail mail : due) {
            if (stopping) {
                // The rest stay unsent and unlocked at commit; another replica or the next start takes them.
                break;
            }
            send(mail);
        }
        backlog.set(OutboxMail.countUnsent());
    }

    /** The shutdown delay has begun (readiness is DOWN): start no new batch. */
    void stopTakingWork(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
    }

    /** Before the datasource closes: let the batch in progress finish its mail and commit. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            if (batch.tryAcquire(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                batch.release();
            } else {
                LOG.warnf("mail outbox batch still running after %d s; shutting down anyway", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(OutboxMail mail) {
        Instant now = clock.instant();
        if (mail.expired(now)) {
            mail.markDead("expired before it could be sent", now);
            dead.increment();
            LOG.warnf("mail %d (%s) given up unsent: its link expired", mail.id, mail.template);
            return;
        }
        try {
            mailer.send(render(mail));
            mail.markSent(now);
            sent.increment();
            LOG.debugf("sent mail %d (%s)", mail.id, mail.template);
        } catch (RuntimeException e) {
            mail.markFailed(describe(e), now, config.mail().retryInitialDelay(), config.mail().retryMaxDelay());
            failed.increment();
            if (mail.attempts >= config.mail().maxAttempts()) {
                mail.markDead(mail.lastError, now);
                dead.increment();
                LOG.warnf("mail %d (%s) given up after %d attempts: %s", mail.id, mail.template, mail.attempts,
                        mail.lastError);
                return;
            }
            LOG.warnf("mail %d (%s) not sent, attempt %d, next at %s: %s", mail.id, mail.template, mail.attempts,
                    mail.nextAttemptAt, mail.lastError);
        }
    }

    private Mail render(OutboxMail mail) {
        String product = config.mail().productName();
        return Mail.withText(mail.recipient, mail.template.subject(),
                        mail.template.render(mail.payload, product, Variant.TEXT_PLAIN))
                .setHtml(mail.template.render(mail.payload, product, Variant.TEXT_HTML));
    }

    /**
     * The failure's kind and message, which for SMTP is the server's reply: never mail content, and never
     * an address (servers quote the recipient, "550 5.1.1 <ada@example.com>: Recipient address rejected").
     */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + ": " + (message == null ? null : ADDRESS.matcher(message).replaceAll("<address>"));
    }
}
