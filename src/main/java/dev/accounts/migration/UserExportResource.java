package dev.accounts.migration;

import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.accounts.audit.AuditLog;
import dev.accounts.audit.AuditType;
import dev.accounts.http.ClientInfo;
import dev.accounts.problem.Problem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /api/v1/admin/users/export}: every account as NDJSON in the import's format. */
@Path("/api/v1/admin/users/export")
@Tag(name = "Administration", description = "User management; role admin")
@RolesAllowed("admin")
@RunOnVirtualThread
public class UserExportResource {

    public static final String NDJSON = "application/x-ndjson";

    @Inject
    UserExport export;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken jwt;

    @Context
    HttpServerRequest http;

    @GET
    @Produces({ NDJSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Export every account", description = "One JSON object a line in the import's format "
            + "(email, displayName, passwordHash, status, roles, createdAt), oldest first: importing it recreates "
            + "the same accounts. Password hashes are included as stored; the export is audited.")
    @APIResponse(responseCode = "200", description = "The accounts, streamed",
            content = @Content(mediaType = NDJSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, maxLength = 1_000_000_000)))
    @APIResponse(responseCode = "401", description = "No valid access token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token has no admin role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public StreamingOutput export() {
        String actor = jwt.getSubject();
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditType.USERS_EXPORTED, null, ClientInfo.of(http),
                Map.of("actor", actor)));
        return export::write;
    }
}
