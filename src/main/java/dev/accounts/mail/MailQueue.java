package dev.accounts.mail;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Queues mail in the caller's transaction, as an {@link OutboxMail} row; {@link OutboxSender} delivers it.
 * Takes the account's id and address, not the account: mail is infrastructure, and knows no feature's types.
 */
@ApplicationScoped
public class MailQueue {

    /**
     * @param userId the account the mail is about: the row goes when the account is erased
     * @param recipient the address as the person typed it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(UUID userId, String recipient, MailTemplate template, Map<String, String> payload, Instant now) {
        OutboxMail.due(userId, recipient, template, payload, now, null).persist();
    }

    /**
     * A mail whose payload carries a link with a token that expires at {@code tokenExpiresAt}: if it has not
     * gone by then, it is given up and its payload erased ({@link OutboxSender}), so that the raw token
     * never sits in the outbox past its expiry and nobody is sent a dead link.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(UUID userId, String recipient, MailTemplate template, Map<String, String> payload, Instant now,
            Instant tokenExpiresAt) {
        OutboxMail.due(userId, recipient, template, payload, now, tokenExpiresAt).persist();
    }
}
