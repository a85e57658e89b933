package dev.accounts.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import dev.accounts.config.AccountsConfig;
import dev.accounts.security.PasswordHashFormats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code accounts_users_legacy_hash{format}}: how many accounts still have a hash other than argon2id with
 * the current parameters, by format ({@code unusable}: imported without a usable password, they must
 * reset). Each such user is upgraded at their next login, so the gauge falls as people sign in; what is
 * left after the cut-over window are the accounts to force a reset for (README, "Migrating users").
 * Counted by one GROUP BY every {@code accounts.migration.legacy-hash-gauge-interval} (60 s), not per
 * scrape; on several replicas each reports the same database-wide figure (use max, not sum).
 */
@Startup
@ApplicationScoped
public class LegacyHashGauge {

    private static final Logger LOG = Logger.getLogger(LegacyHashGauge.class);
    private static final String COUNT = """
            SELECT CASE
                WHEN password_hash LIKE '!%' THEN 'unusable'
                WHEN password_hash LIKE '$argon2%' THEN 'argon2'
                WHEN password_hash LIKE '$2_$%' THEN 'bcrypt'
                WHEN password_hash LIKE '$1$%' THEN 'md5_crypt'
                WHEN password_hash LIKE '$5$%' THEN 'sha256_crypt'
                WHEN password_hash LIKE '$6$%' THEN 'sha512_crypt'
                WHEN password_hash LIKE '$P$%' OR password_hash LIKE '$H$%' THEN 'phpass'
                WHEN password_hash LIKE '$pbkdf2%' THEN 'keycloak_pbkdf2'
                WHEN password_hash LIKE 'firebase-scrypt$%' THEN 'firebase_scrypt'
                WHEN password_hash LIKE 'argon2$%' THEN 'django_argon2'
                WHEN password_hash LIKE 'bcrypt\\_sha256$%' THEN 'django_bcrypt_sha256'
                WHEN password_hash LIKE 'bcrypt$%' THEN 'django_bcrypt'
                WHEN password_hash LIKE 'pbkdf2\\_sha256$%' THEN 'django_pbkdf2_sha256'
                WHEN password_hash LIKE 'pbkdf2\\_sha1$%' THEN 'django_pbkdf2_sha1'
                WHEN password_hash LIKE 'scrypt$%' THEN 'django_scrypt'
                WHEN password_hash LIKE 'sha1$$%' THEN 'django_unsalted_sha1'
                WHEN password_hash LIKE 'sha1$%' THEN 'django_sha1'
                WHEN password_hash LIKE 'md5$$%' OR password_hash ~ '^[0-9a-f]{32}$' THEN 'django_unsalted_md5'
                WHEN password_hash LIKE 'md5$%' THEN 'django_md5'
                WHEN password_hash LIKE 'crypt$%' THEN 'django_crypt'
                ELSE 'other' END, count(*)
            FROM users WHERE password_hash NOT LIKE ?
            GROUP BY 1
            """;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Inject
    AccountsConfig config;

    /** One gauge per label, registered up front so that every series exists (at 0) from the start. */
    private final Map<String, AtomicLong> counts = new TreeMap<>();

    @PostConstruct
    void register() {
        for (PasswordHashFormats.Format format : PasswordHashFormats.Format.values()) {
            counts.put(format.label(), new AtomicLong());
        }
        counts.put("unusable", new AtomicLong());
        counts.put("other", new AtomicLong());
        counts.forEach((label, value) -> Gauge.builder("accounts.users.legacy.hash", value, AtomicLong::get)
                .tag("format", label).description("Accounts whose password hash is not argon2id with the current parameters")
                .register(metrics));
    }

    @Scheduled(identity = "legacy-hash-gauge", every = "${accounts.migration.legacy-hash-gauge-interval:60s}",
            delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (SQLException e) {
            // The figure stays as it was; the next run tries again. Readiness reports a dead database.
            LOG.warnf("accounts_users_legacy_hash not refreshed: %s", e.getSQLState());
        }
    }

    /** Counts now. */
    public void refresh() throws SQLException {
        AccountsConfig.Password.Argon2 current = config.password().argon2();
        Map<String, Long> found = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setString(1, "$argon2id$v=19$m=" + current.memoryKib() + ",t=" + current.iterations() + ",p="
                    + current.parallelism() + "$%");
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        counts.forEach((label, value) -> value.set(found.getOrDefault(label, 0L)));
    }
}
