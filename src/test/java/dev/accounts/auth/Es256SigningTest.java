package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * ES256 (ECDSA on P-256) as the configured signature algorithm: tokens carry alg ES256, the JWKS
 * publishes the EC public key (kty EC, crv P-256) and nothing private, a relying party verifies with
 * it alone, and the service accepts its own tokens and rotates refresh tokens as with RS256.
 */
@QuarkusTest
@TestProfile(Es256SigningTest.EcKeys.class)
@WithTestResource(GreenMailResource.class)
class Es256SigningTest {

    public static class EcKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                Path dir = Files.createDirectories(Path.of("target", "test-keys").toAbsolutePath());
                Path sign = dir.resolve("es256-sign-" + ProcessHandle.current().pid() + ".pem");
                Path verify = dir.resolve("es256-verify-" + ProcessHandle.current().pid() + ".pem");
                Files.writeString(sign, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(verify, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                return Map.of("smallrye.jwt.new-token.signature-algorithm", "ES256",
                        "smallrye.jwt.sign.key.location", sign.toString(),
                        "mp.jwt.verify.publickey.location", verify.toString());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void tokensAreEs256AndVerifyWithThePublishedEcKey() throws Exception {
        String email = TestData.uniqueEmail();
        Accounts.active(new Db(dataSource), email, TestData.GOOD_PASSWORD);
        Map<String, Object> pair = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", TestData.GOOD_PASSWORD))
                .when().post("/api/v1/auth/login").then().statusCode(200).extract().path("$");
        String accessToken = (String) pair.get("accessToken");

        String jwksJson = given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        JsonWebKeySet jwks = new JsonWebKeySet(jwksJson);
        List<JsonWebKey> keys = jwks.getJsonWebKeys();
        assertEquals(1, keys.size());
        Map<String, Object> published = keys.get(0).toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        assertEquals("EC", published.get("kty"));
        assertEquals("P-256", published.get("crv"));
        assertEquals("ES256", published.get("alg"));
        assertEquals("sig", published.get("use"));
        assertFalse(jwksJson.contains("\"d\""), "no private part published");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(accessToken);
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertEquals(keys.get(0).getKeyId(), jws.getKeyIdHeaderValue());
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKeyResolver(new JwksVerificationKeyResolver(keys))
                .setExpectedIssuer("http://localhost:8080").setExpectedAudience("accounts").build()
                .processToClaims(accessToken);
        assertEquals(email, claims.getStringClaimValue("email"));

        given().auth().oauth2(accessToken).when().get("/api/v1/users/me").then().statusCode(200);
        String rotated = given().contentType(ContentType.JSON).body(Map.of("refreshToken", pair.get("refreshToken")))
                .when().post("/api/v1/auth/refresh").then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(rotated).when().get("/api/v1/users/me").then().statusCode(200);
    }
}
