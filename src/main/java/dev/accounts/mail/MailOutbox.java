package dev.accounts.mail;

import java.time.Instant;
import java.util.Map;

import dev.accounts.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Queues mail in the caller's transaction; {@link OutboxSender} delivers it. */
@ApplicationScoped
public class MailOutbox {

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(User user, MailTemplate template, Map<String, String> payload, Instant now) {
        OutboxMail mail = new OutboxMail();
        mail.userId = user.id;
        mail.recipient = user.email;
        mail.template = template;
        mail.payload = payload;
        mail.createdAt = now;
        mail.nextAttemptAt = now;
        mail.persist();
    }
}
