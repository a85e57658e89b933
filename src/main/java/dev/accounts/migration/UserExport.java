package dev.accounts.migration;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every account as NDJSON in the import's format ({@code email, displayName, passwordHash, status, roles,
 * createdAt}), so that {@code POST /api/v1/admin/users/import} of the output recreates the same accounts
 * (the way out of the service, and backups of accounts alone). Streamed from a server-side cursor, so a
 * million accounts need no more memory than one fetch. Hashes are exported as stored: imported ones not
 * upgraded yet stay in their original format, and an unusable one stays unusable.
 */
@ApplicationScoped
public class UserExport {

    private static final int FETCH_SIZE = 1000;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public void write(OutputStream out) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT email, display_name, password_hash, status, created_at,
                           ARRAY(SELECT role FROM user_roles WHERE user_id = u.id ORDER BY role)
                    FROM users u ORDER BY created_at, id
                    """)) {
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = select.executeQuery();
                        JsonGenerator generator = json.getFactory().createGenerator(out)) {
                    generator.setRootValueSeparator(null);
                    // The response stream is the container's to close.
                    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    while (rs.next()) {
                        line(generator, rs);
                        generator.flush();
                        out.write('\n');
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("the export could not read the accounts", e);
        }
    }

    private static void line(JsonGenerator generator, ResultSet rs) throws IOException, SQLException {
        generator.writeStartObject();
        generator.writeStringField("email", rs.getString(1));
        if (rs.getString(2) != null) {
            generator.writeStringField("displayName", rs.getString(2));
        }
        generator.writeStringField("passwordHash", rs.getString(3));
        generator.writeStringField("status", rs.getString(4));
        generator.writeArrayFieldStart("roles");
        for (String role : (String[]) rs.getArray(6).getArray()) {
            generator.writeString(role);
        }
        generator.writeEndArray();
        Timestamp created = rs.getTimestamp(5);
        generator.writeStringField("createdAt", created.toInstant().toString());
        generator.writeEndObject();
    }
}
