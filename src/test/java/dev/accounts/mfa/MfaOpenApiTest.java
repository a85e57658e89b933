package dev.accounts.mfa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.accounts.support.ApiTest;
import dev.accounts.support.GreenMailResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The OpenAPI document describes the MFA endpoints that follow enrolment: bodies, answers, problems, security. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class MfaOpenApiTest extends ApiTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Test
    void theNewEndpointsDescribeTheirBodiesAndProblems() {
        String[][] operations = {
                { "/api/v1/users/me/mfa/totp", "delete", "400", "MfaProof" },
                { "/api/v1/users/me/mfa/totp", "delete", "409", "MfaProof" },
                { "/api/v1/users/me/mfa/recovery-codes", "post", "400", "MfaProof" },
                { "/api/v1/users/me/mfa/recovery-codes", "post", "409", "MfaProof" },
                { "/api/v1/auth/mfa/step-up", "post", "400", "TotpCode" },
                { "/api/v1/auth/mfa/step-up", "post", "409", "TotpCode" } };
        ValidatableResponse openapi = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        for (String[] operation : operations) {
            String op = "paths.'" + operation[0] + "'." + operation[1];
            openapi.body(op + ".responses.'" + operation[2] + "'.content.'application/problem+json'.schema.$ref", equalTo(PROBLEM))
                    .body(op + ".responses.'401'.content.'application/problem+json'.schema.$ref", equalTo(PROBLEM))
                    .body(op + ".responses.'500'.content.'application/problem+json'", notNullValue())
                    .body(op + ".requestBody.content.'application/json'.schema.$ref",
                            equalTo("#/components/schemas/" + operation[3]))
                    .body(op + ".security[0]", hasKey("bearer"));
        }
        openapi.body("paths.'/api/v1/users/me/mfa/recovery-codes'.post.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/RecoveryCodes"))
                .body("paths.'/api/v1/auth/mfa/step-up'.post.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/StepUpToken"))
                .body("paths.'/api/v1/auth/mfa/step-up'.post.responses", hasKey("429"))
                .body("paths.'/api/v1/users/me/mfa/totp'.delete.responses", hasKey("204"))
                // The admin's removal, and the admin's view of whether a user has MFA.
                .body("paths.'/api/v1/admin/users/{id}/mfa'.delete.responses", hasKey("204"))
                .body("paths.'/api/v1/admin/users/{id}/mfa'.delete.responses.'404'.content.'application/problem+json'.schema.$ref",
                        equalTo(PROBLEM))
                .body("components.schemas.AdminUserDetail.properties.mfa", notNullValue())
                .body("components.schemas.MfaSummary.properties", hasKey("recoveryCodesLeft"))
                .body("components.schemas.MfaSummary.properties", not(hasKey("secret")))
                // Step-up demanded: documented where it is answered.
                .body("paths.'/api/v1/users/me/password'.put.responses.'401'.description", containsString("step-up-required"))
                .body("paths.'/api/v1/users/me'.delete.responses.'401'.description", containsString("step-up-required"))
                // Enrolment takes a bearer token or the enrolment token; the confirmation answers either shape.
                .body("components.securitySchemes.enrolmentToken.type", equalTo("apiKey"))
                .body("components.securitySchemes.enrolmentToken.in", equalTo("header"))
                .body("components.securitySchemes.enrolmentToken.name", equalTo("Enrolment-Token"))
                .body("paths.'/api/v1/users/me/mfa/totp'.post.security", equalTo(List.of(java.util.Map.of("bearer", List.of()),
                        java.util.Map.of("enrolmentToken", List.of()))))
                .body("paths.'/api/v1/users/me/mfa/totp/confirmation'.post.responses.'200'.content.'application/json'.schema.oneOf.$ref",
                        equalTo(List.of("#/components/schemas/RecoveryCodes", "#/components/schemas/EnrolmentCompleted")))
                .body("components.schemas.EnrolmentCompleted.properties.tokens", notNullValue())
                .body("components.schemas.MfaEnrolmentRequired.properties", hasKey("enrolmentToken"))
                // Enrolment with a bearer token takes the current password; it answers the QR code too.
                .body("paths.'/api/v1/users/me/mfa/totp'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/TotpEnrolmentRequest"))
                .body("paths.'/api/v1/users/me/mfa/totp'.post.responses.'400'.content.'application/problem+json'.schema.$ref",
                        equalTo(PROBLEM))
                .body("components.schemas.TotpEnrolmentRequest.properties.currentPassword.format", equalTo("password"))
                .body("components.schemas.TotpEnrolment.properties", hasKey("qrCodeSvg"))
                .body("components.schemas.TotpEnrolment.properties.qrCodeSvg.maxLength", equalTo(QrSvg.MAX_LENGTH))
                // The locked-out client's 429 on a password change says when to retry.
                .body("paths.'/api/v1/users/me/password'.put.responses.'429'.headers", hasKey("Retry-After"));
    }
}
