package dev.accounts.mfa;

import static io.restassured.RestAssured.given;

import java.util.Map;

import dev.accounts.support.Accounts;
import dev.accounts.support.TestData;
import io.restassured.http.ContentType;

/** For tests outside this package that need an account with an authenticator app, set up over HTTP. */
public final class TotpEnrolments {

    private TotpEnrolments() {
    }

    /** Logs in, enrols and confirms TOTP for the account (password {@link TestData#GOOD_PASSWORD}); returns the secret. */
    public static String enrol(String email) {
        String access = Accounts.loggedIn(email, TestData.GOOD_PASSWORD).accessToken();
        String secret = MfaTest.bearerEnrolment(access).when().post("/api/v1/users/me/mfa/totp")
                .then().statusCode(200).extract().path("secret");
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("code", MfaTest.code(secret, 0)))
                .when().post("/api/v1/users/me/mfa/totp/confirmation").then().statusCode(200);
        return secret;
    }
}
