package dev.accounts.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.accounts.support.GreenMailResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The OpenAPI document describes the authentication endpoints, their problems and the bearer scheme. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class AuthOpenApiTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    private static ValidatableResponse openapi() {
        return given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void everyNewEndpointListsItsProblems() {
        String[][] operations = {
                { "/api/v1/auth/login", "post", "401" },
                { "/api/v1/auth/refresh", "post", "401" }, { "/api/v1/auth/logout", "post", "400" },
                { "/api/v1/password-resets", "post", "400" }, { "/api/v1/password-resets/confirmation", "post", "400" },
                { "/api/v1/users/me", "get", "401" }, { "/api/v1/users/me", "patch", "400" },
                { "/api/v1/users/me", "patch", "401" }, { "/api/v1/users/me", "delete", "401" },
                { "/api/v1/users/me/password", "put", "400" }, { "/api/v1/users/me/password", "put", "401" } };
        ValidatableResponse openapi = openapi();
        for (String[] operation : operations) {
            String op = "paths.'" + operation[0] + "'." + operation[1];
            openapi.body(op + ".responses.'" + operation[2] + "'.content.'application/problem+json'.schema.$ref",
                    equalTo(PROBLEM))
                    .body(op + ".responses.'500'.content.'application/problem+json'", notNullValue());
        }
        // Tokens, or (an account with a second factor) the challenge for its second step, or (a role that requires one) enrolment.
        openapi.body("paths.'/api/v1/auth/login'.post.responses.'200'.content.'application/json'.schema.oneOf.$ref",
                        equalTo(java.util.List.of("#/components/schemas/TokenResponse", "#/components/schemas/MfaRequired",
                                "#/components/schemas/MfaEnrolmentRequired")))
                .body("paths.'/api/v1/users/me'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/UserProfile"))
                .body("paths.'/.well-known/jwks.json'.get.responses.'200'", notNullValue());
    }

    @Test
    void bearerEndpointsDeclareTheBearerScheme() {
        openapi().body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.bearer.bearerFormat", equalTo("JWT"))
                .body("paths.'/api/v1/users/me'.get.security[0]", hasKey("bearer"))
                .body("paths.'/api/v1/users/me/password'.put.security[0]", hasKey("bearer"))
                .body("paths.'/api/v1/auth/login'.post", not(hasKey("security")));
    }
}
