package dev.accounts.auth;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public keys that verify access tokens, so that other services check them offline. */
@Path("/.well-known/jwks.json")
@Tag(name = "Authentication")
public class JwksResource {

    /** Relying services may cache the set this long; a new key is announced well before it signs. */
    private static final int MAX_AGE_SECONDS = 300;

    @Inject
    AccessTokens accessTokens;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JSON Web Key Set of the access-token signing keys",
            description = "RFC 7517. During a key rotation it holds the current and the next key; a token's kid "
                    + "header names the key that signed it.")
    @APIResponse(responseCode = "200", description = "The public keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JwksDocument.class)))
    public Response jwks() {
        CacheControl cacheControl = new CacheControl();
        cacheControl.setMaxAge(MAX_AGE_SECONDS);
        return Response.ok(accessTokens.jwks()).cacheControl(cacheControl).build();
    }

    /** Only for the OpenAPI document: the shape of the answer. */
    @Schema(name = "JsonWebKeySet")
    record JwksDocument(
            @Schema(description = "Public JWKs with kty, kid, use=sig, alg and the key parameters (n, e for RSA; crv, x, y for EC)",
                    maxItems = 10)
            List<Map<String, Object>> keys) {
    }
}
