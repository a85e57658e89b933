package dev.accounts.migration;

import java.sql.SQLException;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.problem.Problem;
import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/users/me/export}: the caller's own data, for portability (GDPR art. 20). */
@Path("/api/v1/users/me/export")
@Tag(name = "My account", description = "Profile, password and erasure of the caller's own account")
@Authenticated
@SecurityRequirement(name = "bearer")
@RunOnVirtualThread
public class PersonalDataExportResource {

    @Inject
    PersonalDataExports exports;

    @Inject
    JsonWebToken jwt;

    @GET
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Export my data", description = "Account, roles, registration record, sessions and the "
            + "newest 1,000 audit events about the account; never a password hash or a token.")
    @APIResponse(responseCode = "200", description = "The caller's data",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonalDataExport.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid or expired access token, or the account is gone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PersonalDataExport export() throws SQLException {
        UUID userId;
        try {
            userId = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException notOurs) {
            throw gone();
        }
        return exports.of(userId).orElseThrow(PersonalDataExportResource::gone);
    }

    private static ProblemException gone() {
        return new ProblemException(ProblemType.UNAUTHORIZED, "The account of this access token does not exist.");
    }
}
