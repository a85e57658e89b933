package dev.accounts.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.accounts.support.ApiTest;
import dev.accounts.support.GreenMailResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Every response carries a request id: the caller's when it looks like one, a fresh UUID otherwise. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class RequestIdsTest extends ApiTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void generatedWhenAbsent() {
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200).header(RequestIds.HEADER, matchesPattern(UUID));
    }

    @ParameterizedTest
    @ValueSource(strings = { "3f2c1a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "01ARZ3NDEKTSV4RRFFQ69G5FAV", "req_12345678" })
    void keptWhenItLooksLikeAnId(String id) {
        given().header(RequestIds.HEADER, id)
                .when().get("/.well-known/jwks.json")
                .then().statusCode(200).header(RequestIds.HEADER, equalTo(id));
    }

    @ParameterizedTest
    @ValueSource(strings = { "short", "has spaces in it", "quote\"d-value-123", "<script>alert(1)</script>",
            "x-\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9" })
    void replacedWhenItDoesNot(String id) {
        given().header(RequestIds.HEADER, id)
                .when().get("/.well-known/jwks.json")
                .then().statusCode(200).header(RequestIds.HEADER, matchesPattern(UUID));
    }

    @Test
    void replacedWhenTooLong() {
        given().header(RequestIds.HEADER, "a".repeat(129))
                .when().get("/.well-known/jwks.json")
                .then().header(RequestIds.HEADER, matchesPattern(UUID));
    }

    @Test
    void problemsCarryItToo() {
        given().header(RequestIds.HEADER, "problem-request-1")
                .when().get("/api/v1/nothing-here")
                .then().statusCode(404).header(RequestIds.HEADER, equalTo("problem-request-1"));
        given().header(RequestIds.HEADER, "too-large-request-1").contentType(ContentType.JSON)
                .body(Map.of("email", "x".repeat(70 * 1024)))
                .when().post("/api/v1/registrations")
                .then().statusCode(413).header(RequestIds.HEADER, equalTo("too-large-request-1"));
    }

    @Test
    void eachRequestGetsItsOwn() {
        String first = given().when().get("/.well-known/jwks.json").then().extract().header(RequestIds.HEADER);
        given().when().get("/.well-known/jwks.json").then().header(RequestIds.HEADER, not(equalTo(first)));
    }
}
