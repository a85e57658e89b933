package dev.accounts.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import dev.accounts.config.AccountsConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Engine;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Delivers the outbox over SMTP. Each run locks a batch of due rows (SKIP LOCKED, so replicas share the
 * work without sending a mail twice), sends them, and records the outcome in the same transaction. A
 * failed send is retried later with exponential backoff, without end: an SMTP outage delays mail and
 * loses none.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    @Inject
    Mailer mailer;

    @Inject
    Engine templates;

    @Inject
    AccountsConfig config;

    @Inject
    Clock clock;

    @Scheduled(identity = "mail-outbox-sender", every = "${accounts.mail.poll-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void sendDue() {
        List<OutboxMail> due = OutboxMail.lockDue(clock.instant(), config.mail().batchSize());
        for (OutboxMail mail : due) {
            send(mail);
        }
    }

    private void send(OutboxMail mail) {
        Instant now = clock.instant();
        try {
            mailer.send(render(mail));
            mail.markSent(now);
            LOG.debugf("sent mail %d (%s)", mail.id, mail.template);
        } catch (RuntimeException e) {
            mail.markFailed(describe(e), now, config.mail().retryInitialDelay(), config.mail().retryMaxDelay());
            LOG.warnf("mail %d (%s) not sent, attempt %d, next at %s: %s", mail.id, mail.template, mail.attempts,
                    mail.nextAttemptAt, mail.lastError);
        }
    }

    private Mail render(OutboxMail mail) {
        String name = "mail/" + mail.template.templateName();
        Object data = mail.payload;
        String text = templates.getTemplate(name + ".txt").data("m", data).data("product", config.mail().productName())
                .render();
        String html = templates.getTemplate(name + ".html").data("m", data).data("product", config.mail().productName())
                .render();
        return Mail.withText(mail.recipient, mail.template.subject(), text).setHtml(html);
    }

    /** The failure's kind and message, which for SMTP is the server's reply: never mail content. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
