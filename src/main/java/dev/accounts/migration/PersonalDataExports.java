package dev.accounts.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads a person's data for {@link PersonalDataExport}, in plain SQL on one connection, outside a transaction. */
@ApplicationScoped
public class PersonalDataExports {

    static final int MAX_EVENTS = 1000;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    /** The person's data, or empty when the account no longer exists. */
    public Optional<PersonalDataExport> of(UUID userId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            PersonalDataExport.Account account = null;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, email, display_name, status, created_at, updated_at, last_login_at,
                           ARRAY(SELECT role FROM user_roles WHERE user_id = u.id ORDER BY role)
                    FROM users u WHERE id = ?
                    """)) {
                select.setObject(1, userId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        account = new PersonalDataExport.Account(rs.getObject(1, UUID.class), rs.getString(2),
                                rs.getString(3), rs.getString(4), Arrays.asList((String[]) rs.getArray(8).getArray()),
                                instant(rs, 5), instant(rs, 6), instant(rs, 7));
                    }
                }
            }
            if (account == null) {
                return Optional.empty();
            }
            PersonalDataExport.Registration registration = null;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT registered_at, activated_at, registered_ip, registered_user_agent
                    FROM registrations WHERE user_id = ?
                    """)) {
                select.setObject(1, userId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        registration = new PersonalDataExport.Registration(instant(rs, 1), instant(rs, 2),
                                rs.getString(3), rs.getString(4));
                    }
                }
            }
            List<PersonalDataExport.Session> sessions = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT family_id, min(issued_at), max(issued_at), max(expires_at), max(revoked_at)
                    FROM refresh_tokens WHERE user_id = ? GROUP BY family_id ORDER BY min(issued_at)
                    """)) {
                select.setObject(1, userId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sessions.add(new PersonalDataExport.Session(rs.getObject(1, UUID.class), instant(rs, 2),
                                instant(rs, 3), instant(rs, 4), instant(rs, 5)));
                    }
                }
            }
            List<PersonalDataExport.Event> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT type, occurred_at, ip FROM audit_events WHERE user_id = ?
                    ORDER BY occurred_at DESC, id DESC LIMIT
                    """ + MAX_EVENTS)) {
                select.setObject(1, userId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        events.add(new PersonalDataExport.Event(rs.getString(1), instant(rs, 2), rs.getString(3)));
                    }
                }
            }
            return Optional.of(new PersonalDataExport(clock.instant(), account, registration, sessions, events));
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
