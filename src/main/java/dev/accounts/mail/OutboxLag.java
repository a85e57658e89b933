package dev.accounts.mail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * accounts_mail_outbox_lag_seconds: how long the oldest unsent mail has been waiting (0 when none
 * waits). The backlog counts mail; this says whether it moves: an SMTP outage or a stuck sender shows
 * as a lag that grows, while a burst of sign-ups shows as a backlog with a small lag. Measured on a
 * schedule rather than at scrape time, so that a scrape never waits for the database; -1 when the
 * database did not answer.
 */
@ApplicationScoped
public class OutboxLag {

    private static final String OLDEST_UNSENT = "SELECT min(created_at) FROM mail_outbox WHERE sent_at IS NULL AND dead_at IS NULL";

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    private final AtomicLong lagSeconds = new AtomicLong();

    @PostConstruct
    void registerMeter() {
        Gauge.builder("accounts.mail.outbox.lag", lagSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest unsent mail in the outbox (0: none waiting, -1: database unavailable)")
                .register(registry);
    }

    @Scheduled(identity = "mail-outbox-lag", every = "${accounts.mail.poll-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        lagSeconds.set(currentLag());
    }

    /** Seconds since the oldest unsent mail was queued, 0 when none waits, -1 when the database fails. */
    long currentLag() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(OLDEST_UNSENT)) {
            Timestamp oldest = rs.next() ? rs.getTimestamp(1) : null;
            if (oldest == null) {
                return 0;
            }
            return Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toSeconds());
        } catch (SQLException e) {
            return -1;
        }
    }
}
