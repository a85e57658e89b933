package dev.accounts.pages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The mail-link pages over plain HTTP, without a browser: what a mail scanner or a forged form can do. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class PagesTest extends ApiTest {

    static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    static final String CSRF_COOKIE = "accounts-csrf";
    private static final String NEW_PASSWORD = "amber-Lantern-882-fjord";

    /** Plain JDBC rather than the injected DataSource, so that the IT subclass runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    private String registerAndReadToken(String email) {
        Accounts.register(email, TestData.GOOD_PASSWORD);
        return Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 1).get(0));
    }

    private String status(String email) {
        return new Db(dataSource).string("SELECT status FROM users WHERE email = ?", email);
    }

    /** The CSRF value a page set in its cookie (and in its form's hidden field). */
    private static String csrfOf(ExtractableResponse<Response> page) {
        String cookie = page.cookie(CSRF_COOKIE);
        assertEquals(cookie, page.htmlPath().getString("**.find { it.@name == 'csrf' }.@value"));
        return cookie;
    }

    private static ValidatableResponse post(String path, String csrfCookie, Map<String, String> form) {
        RequestSpecification request = given().contentType(FORM).formParams(form).redirects().follow(false);
        if (csrfCookie != null) {
            request.cookie(CSRF_COOKIE, csrfCookie);
        }
        return request.when().post(path).then();
    }

    private static void assertPageHeaders(ValidatableResponse response) {
        response.header("Content-Security-Policy", equalTo("default-src 'none'; style-src 'self'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"))
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
    }

    @Test
    void aPlainGetOfTheLinkOnlyShowsTheButtonAndLeavesTheAccountPending() {
        String email = TestData.uniqueEmail();
        String token = registerAndReadToken(email);

        // What a mail scanner does, twice over.
        for (int i = 0; i < 2; i++) {
            given().when().get("/activate?token=" + token).then()
                    .statusCode(200)
                    .contentType(startsWith("text/html"))
                    .body(containsString("Activate my account"));
        }
        assertEquals("PENDING", status(email));
        // A pending account's right password gets the same 401 as any failed login.
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
    }

    @Test
    void theFormActivatesOnlyWithTheCsrfCookieAndFieldThatAgree() {
        String email = TestData.uniqueEmail();
        String token = registerAndReadToken(email);
        ExtractableResponse<Response> page = given().when().get("/activate?token=" + token).then().statusCode(200).extract();
        String csrf = csrfOf(page);
        assertEquals(token, page.htmlPath().getString("**.find { it.@name == 'token' }.@value"));
        // Activation sets the password: the form asks for it, twice.
        assertEquals("new-password", page.htmlPath().getString("**.find { it.@name == 'password' }.@autocomplete"));
        assertEquals("password", page.htmlPath().getString("**.find { it.@name == 'confirmation' }.@type"));
        String setCookie = page.header("Set-Cookie");
        assertThat(setCookie, containsString("HttpOnly"));
        assertThat(setCookie, containsString("SameSite=Strict"));
        Map<String, String> form = Map.of("token", token, "csrf", csrf, "password", TestData.GOOD_PASSWORD,
                "confirmation", TestData.GOOD_PASSWORD);

        // A forged form from another site: no cookie, or a cookie the attacker cannot match.
        assertPageHeaders(post("/activate", null, form)
                .statusCode(403).contentType(startsWith("text/html")).body(containsString("This form has expired")));
        post("/activate", csrf, Map.of("token", token, "password", TestData.GOOD_PASSWORD,
                "confirmation", TestData.GOOD_PASSWORD)).statusCode(403);
        post("/activate", csrf, Map.of("token", token, "csrf", csrf.substring(1) + "A")).statusCode(403);
        post("/activate", "short", Map.of("token", token, "csrf", "short")).statusCode(403);
        assertEquals("PENDING", status(email));

        // No password, two that differ, one the rules refuse: the form again, the token kept, still pending.
        post("/activate", csrf, Map.of("token", token, "csrf", csrf)).statusCode(400)
                .body(containsString("password-error"));
        post("/activate", csrf, Map.of("token", token, "csrf", csrf, "password", TestData.GOOD_PASSWORD,
                "confirmation", TestData.GOOD_PASSWORD + "x")).statusCode(400)
                .body(containsString("The two passwords are not the same"))
                .body(containsString("value=\"" + token + "\""));
        post("/activate", csrf, Map.of("token", token, "csrf", csrf, "password", "short", "confirmation", "short"))
                .statusCode(400).body(containsString("password-error"));
        assertEquals("PENDING", status(email));

        String chosen = "another-Lantern-908-meadow";
        assertPageHeaders(post("/activate", csrf, Map.of("token", token, "csrf", csrf, "password", chosen,
                "confirmation", chosen))
                .statusCode(200).body(containsString("Your account is active")));
        assertEquals("ACTIVE", status(email));
        // The password typed on the page, not the one registered with.
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        assertEquals(200, Accounts.login(email, chosen).statusCode());

        // Used once: the second time it says so and offers a new mail.
        post("/activate", csrf, form)
                .statusCode(400).body(containsString("This activation link does not work"))
                .body(containsString("action=\"/activate/new-link\""));
    }

    @Test
    void askingForANewActivationMailAnswersAlikeForEveryAddress() {
        String email = TestData.uniqueEmail();
        registerAndReadToken(email);
        String csrf = csrfOf(given().when().get("/activate").then().statusCode(400).extract());

        String pending = post("/activate/new-link", csrf, Map.of("email", email, "csrf", csrf))
                .statusCode(200).extract().asString();
        String unknown = post("/activate/new-link", csrf, Map.of("email", TestData.uniqueEmail(), "csrf", csrf))
                .statusCode(200).extract().asString();
        assertEquals(pending, unknown);
        String newToken = Mailbox.tokenIn(Mailbox.await(smtp, email, "Activate your account", 2).get(1));
        assertEquals(200, given().when().get("/activate?token=" + newToken).then().extract().statusCode());

        post("/activate/new-link", csrf, Map.of("email", "not an address", "csrf", csrf))
                .statusCode(400).body(containsString("Enter a valid email address"))
                .body(containsString("aria-invalid=\"true\""));
        post("/activate/new-link", null, Map.of("email", email, "csrf", csrf)).statusCode(403);
    }

    @Test
    void theResetFormListsTheRulesAndKeepsTheTokenWhenAPasswordIsRefused() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).when().post("/api/v1/password-resets")
                .then().statusCode(202);
        String token = Mailbox.tokenIn(Mailbox.await(smtp, email, "Reset your password", 1).get(0));

        ExtractableResponse<Response> page = given().when().get("/reset-password?token=" + token).then()
                .statusCode(200).body(containsString("be 15 to 256 characters long")).extract();
        assertPageHeaders(page.response().then());
        String csrf = csrfOf(page);

        ExtractableResponse<Response> refused = post("/reset-password", csrf,
                Map.of("token", token, "csrf", csrf, "password", "1qaz2wsx3edc4rfv", "confirmation", "1qaz2wsx3edc4rfv"))
                .statusCode(400).body(containsString("The new password is too common")).extract();
        assertEquals(token, refused.htmlPath().getString("**.find { it.@name == 'token' }.@value"));
        post("/reset-password", csrf, Map.of("token", token, "csrf", csrf, "password", NEW_PASSWORD,
                "confirmation", NEW_PASSWORD + "x"))
                .statusCode(400).body(containsString("The two passwords are not the same"));
        post("/reset-password", null, Map.of("token", token, "csrf", csrf, "password", NEW_PASSWORD,
                "confirmation", NEW_PASSWORD)).statusCode(403);
        assertEquals(200, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());

        post("/reset-password", csrf, Map.of("token", token, "csrf", csrf, "password", NEW_PASSWORD,
                "confirmation", NEW_PASSWORD))
                .statusCode(200).body(containsString("Your password has been changed"));
        assertEquals(200, Accounts.login(email, NEW_PASSWORD).statusCode());
        assertEquals(401, Accounts.login(email, TestData.GOOD_PASSWORD).statusCode());
        post("/reset-password", csrf, Map.of("token", token, "csrf", csrf, "password", NEW_PASSWORD,
                "confirmation", NEW_PASSWORD))
                .statusCode(400).body(containsString("This password reset link does not work"));
    }

    @Test
    void pageErrorsAreHtmlWhileTheApiKeepsProblemJson() {
        assertPageHeaders(given().contentType(ContentType.JSON).body("{\"token\":\"x\"}").when().post("/activate").then()
                .statusCode(415).contentType(startsWith("text/html")).body(not(containsString("\"type\""))));
        given().when().get("/reset-password/new-link").then()
                .statusCode(405).contentType(startsWith("text/html")).body(containsString("could not be handled"));
        given().contentType(ContentType.JSON).body(Map.of("token", "unknown", "password", TestData.GOOD_PASSWORD)).when()
                .post("/api/v1/registrations/activation").then()
                .statusCode(400).contentType("application/problem+json")
                .header("Content-Security-Policy", nullValue());
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", not(hasKey("/activate"))).body("paths", not(hasKey("/reset-password")))
                .body("paths", hasKey("/api/v1/registrations/activation"));
    }

    @Test
    void theStylesheetsAreServedUnderTheSameHeaders() {
        assertPageHeaders(given().when().get("/pages/style.css").then().statusCode(200).contentType(startsWith("text/css")));
        assertPageHeaders(given().when().get("/pages/theme.css").then().statusCode(200).contentType(startsWith("text/css"))
                .body(containsString("--accent: #1d4ed8;")).body(containsString("--on-accent: #ffffff;")));
    }
}
