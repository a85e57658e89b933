package dev.accounts.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.support.ApiTest;
import dev.accounts.support.GreenMailResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Jackson's own limits (a 20-million-character string, 1,000 levels) were far above the 64 KiB a JSON
 * body may have: the service's mapper is bounded to the body limit and to the flat shape of its bodies.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class BoundedJsonTest extends ApiTest {

    @Inject
    ObjectMapper json;

    @Test
    void theServicesMapperHasTheBodyLimitsAsStreamConstraints() {
        StreamReadConstraints constraints = json.getFactory().streamReadConstraints();
        assertEquals(64 * 1024, constraints.getMaxStringLength());
        assertEquals(64 * 1024, constraints.getMaxDocumentLength());
        assertEquals(BoundedJson.MAX_NESTING_DEPTH, constraints.getMaxNestingDepth());
        assertEquals(BoundedJson.MAX_NUMBER_LENGTH, constraints.getMaxNumberLength());

        String longString = "{\"email\":\"" + "a".repeat(70 * 1024) + "\"}";
        assertThrows(StreamConstraintsException.class, () -> json.readTree(longString));
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThrows(StreamConstraintsException.class, () -> json.readTree(deep));
        assertThrows(StreamConstraintsException.class, () -> json.readTree("{\"n\":" + "9".repeat(100) + "}"));
    }

    @Test
    void overTheLimitsABodyIsA400ProblemBeforeAnyValidation() {
        given().contentType(ContentType.JSON)
                .body("{\"email\":" + "[".repeat(40) + "]".repeat(40) + ",\"password\":\"x\"}")
                .when().post("/api/v1/password-resets")
                .then().statusCode(400).contentType("application/problem+json").body("type", startsWith("/problems/"));
        given().contentType(ContentType.JSON)
                .body("{\"email\":" + "1".repeat(200) + "}")
                .when().post("/api/v1/password-resets")
                .then().statusCode(400);
    }
}
