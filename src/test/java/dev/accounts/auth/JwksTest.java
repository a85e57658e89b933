package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** Another service must be able to verify access tokens with nothing but the published JWKS. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class JwksTest extends ApiTest {

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void anAccessTokenVerifiesWithOnlyThePublishedKeySet() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        String userId = db.string("SELECT id::text FROM users WHERE email = ?", email);
        String token = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        JsonWebKeySet jwks = new JsonWebKeySet(given().when().get("/.well-known/jwks.json")
                .then().statusCode(200).header("Cache-Control", containsString("max-age")).extract().asString());

        JwtClaims claims = relyingParty(jwks).processToClaims(token);

        assertEquals(userId, claims.getSubject());
        assertEquals(email, claims.getStringClaimValue("email"));
        assertEquals(List.of("user"), claims.getStringListClaimValue("groups"));
        assertEquals(List.of("accounts"), claims.getAudience());
        assertEquals("http://localhost:8080", claims.getIssuer());
        assertNotNull(claims.getJwtId());
        assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertEquals(jwks.getJsonWebKeys().get(0).getKeyId(), jws.getKeyIdHeaderValue());
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
    }

    @Test
    void theSameCheckRefusesATokenSignedWithAnotherKey() throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(given().when().get("/.well-known/jwks.json").then().extract().asString());
        String kid = jwks.getJsonWebKeys().get(0).getKeyId();
        String foreign = Jwt.issuer("http://localhost:8080").audience("accounts").subject("someone")
                .groups(Set.of("admin")).jws().keyId(kid).sign(KeyUtils.generateKeyPair(2048).getPrivate());

        assertThrows(InvalidJwtException.class, () -> relyingParty(jwks).processToClaims(foreign));
    }

    @Test
    void theKeySetHoldsOnlyPublicSigningKeys() {
        List<Map<String, Object>> keys = given().when().get("/.well-known/jwks.json")
                .then().statusCode(200).extract().path("keys");
        assertFalse(keys.isEmpty());
        for (Map<String, Object> key : keys) {
            assertEquals("RSA", key.get("kty"));
            assertEquals("sig", key.get("use"));
            assertEquals("RS256", key.get("alg"));
            assertNotNull(key.get("kid"));
            for (String secret : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertFalse(key.containsKey(secret), "private parameter " + secret + " published");
            }
        }
    }

    private static JwtConsumer relyingParty(JsonWebKeySet jwks) {
        List<JsonWebKey> keys = jwks.getJsonWebKeys();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys))
                .setExpectedIssuer("http://localhost:8080")
                .setExpectedAudience("accounts")
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .build();
    }
}
