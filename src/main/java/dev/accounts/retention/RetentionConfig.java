package dev.accounts.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long data that has served its purpose is kept (prefix {@code accounts.retention.}). */
@ConfigMapping(prefix = "accounts.retention")
public interface RetentionConfig {

    /** Whether the scheduled purge runs on this replica (every replica may run it; one at a time does). */
    @WithDefault("true")
    boolean enabled();

    /** How often the purge runs. */
    @WithDefault("1h")
    String interval();

    /** Rows deleted per statement and transaction, so that no purge holds locks for long. */
    @WithDefault("5000")
    int batchSize();

    /**
     * Sent mail is kept this long (without its payload, which goes at sending). Never less than
     * {@code accounts.registration.already-registered-notice-interval}: the outbox is how that interval
     * is counted.
     */
    @WithDefault("7D")
    Duration sentMail();

    /** Audit events older than this are deleted. */
    @WithDefault("365D")
    Duration auditEvents();

    /**
     * A pending account is deleted this long after its activation link expired: long enough for its
     * owner to ask for a new link after a holiday, short enough that abandoned sign-ups go.
     */
    @WithDefault("7D")
    Duration pendingAccountGrace();
}
