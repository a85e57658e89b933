package dev.accounts.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

import javax.sql.DataSource;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Access tokens are self-contained for five minutes; on the caller's own account and on administration that
 * is too long to trust them blindly. Here, in one place and with one primary-key query, a bearer request to
 * {@code /api/v1/users/me*} is refused (401) when its token was issued before the account's
 * {@code sessions_valid_after} (password change or reset, disabling, demotion, sign out everywhere), and one
 * to {@code /api/v1/admin/**} besides when the account is no longer active (401) or no longer holds the role
 * admin (403) in the database, whatever the token's {@code groups} say.
 *
 * <p>Runs on the endpoint's (virtual) thread, after authentication and the role check of the annotations.
 */
public class FreshTokenFilter {

    private static final String ME = "/api/v1/users/me";
    private static final String ADMIN = "/api/v1/admin/";
    private static final String ADMIN_ROLE = "admin";

    private static final String CURRENT_STATE = """
            SELECT u.status, u.sessions_valid_after,
                   EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?) AS admin
            FROM users u WHERE u.id = ?
            """;

    @Inject
    JsonWebToken jwt;

    @Inject
    DataSource dataSource;

    @ServerRequestFilter
    public void checkFreshness(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean me = path.equals(ME) || path.startsWith(ME + "/");
        boolean admin = path.startsWith(ADMIN);
        if ((!me && !admin) || jwt.getRawToken() == null) {
            return;
        }
        UUID userId;
        try {
            userId = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The access token names no account.");
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(CURRENT_STATE)) {
            query.setString(1, ADMIN_ROLE);
            query.setObject(2, userId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    // The account is gone; /users/me answers that itself, administration is closed to it.
                    if (admin) {
                        throw new ProblemException(ProblemType.UNAUTHORIZED, "The access token's account no longer exists.");
                    }
                    return;
                }
                Timestamp validAfter = row.getTimestamp(2);
                if (validAfter != null && jwt.getIssuedAtTime() < validAfter.toInstant().getEpochSecond()) {
                    throw new ProblemException(ProblemType.UNAUTHORIZED,
                            "The access token was issued before the account's sessions were ended; log in again.");
                }
                if (admin && !"ACTIVE".equals(row.getString(1))) {
                    throw new ProblemException(ProblemType.UNAUTHORIZED, "The account is not active.");
                }
                if (admin && !row.getBoolean(3)) {
                    throw new ProblemException(ProblemType.FORBIDDEN, "The account no longer holds the role admin.");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the caller's account state", e);
        }
    }
}
