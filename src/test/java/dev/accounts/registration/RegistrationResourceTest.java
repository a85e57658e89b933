package dev.accounts.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class RegistrationResourceTest extends ApiTest {

    private static final String PATH = "/api/v1/registrations";

    /** Plain JDBC rather than the injected DataSource, so that RegistrationResourceIT runs the same checks. */
    final DataSource dataSource = TestDatabase.dataSource();

    @TestHTTPResource("/api/v1/registrations")
    URI registrationsUri;

    private ExtractableResponse<Response> register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post(PATH).then().extract();
    }

    @Test
    void newAddressIsAcceptedAndStoredPendingWithArgon2idHash() {
        String email = TestData.uniqueEmail();
        Map<String, Object> body = TestData.registration(email, TestData.GOOD_PASSWORD);
        body.put("displayName", "  Ada   Lovelace ");

        given().contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("message", containsString("mail"));

        Db db = new Db(dataSource);
        assertEquals("PENDING", db.string("SELECT status FROM users WHERE email = ?", email));
        assertEquals("Ada Lovelace", db.string("SELECT display_name FROM users WHERE email = ?", email));
        String hash = db.string("SELECT password_hash FROM users WHERE email = ?", email);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), "argon2id PHC string with OWASP parameters");
        assertEquals(1, db.count("""
                SELECT count(*) FROM registrations r JOIN users u ON u.id = r.user_id
                WHERE u.email = ? AND r.activation_token_hash IS NOT NULL AND r.activated_at IS NULL
                """, email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE u.email = ? AND ur.role = 'user'
                """, email));
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'ACTIVATION'", email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = ? AND a.type = 'REGISTERED'
                """, email));
    }

    @Test
    void takenAddressGetsTheSameAnswerAndOneNoticeAnHour() {
        String email = TestData.uniqueEmail();
        ExtractableResponse<Response> first = register(TestData.registration(email, TestData.GOOD_PASSWORD));
        // Activated: a pending address is not taken but started over (PreAccountHijackingTest).
        Db db = new Db(dataSource);
        db.update("UPDATE users SET status = 'ACTIVE' WHERE email = ?", email);
        ExtractableResponse<Response> second = register(TestData.registration(email.toUpperCase(), "another-Fine-pass-99"));
        ExtractableResponse<Response> third = register(TestData.registration(email, "yet-another-Pass-4242"));

        assertEquals(202, first.statusCode());
        assertEquals(first.statusCode(), second.statusCode());
        assertEquals(first.asString(), second.asString());
        assertEquals(first.asString(), third.asString());

        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email_normalized = ?", email.toLowerCase()));
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'ALREADY_REGISTERED'",
                email), "at most one notice an hour");
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND template = 'ACTIVATION'", email));
    }

    @Test
    void unicodeCompatibleVariantIsTheSameAccount() {
        String local = "fw" + System.nanoTime();
        String email = local + "@example.com";
        // Fullwidth letters and digits are NFKC-compatible with ASCII ones.
        String fullwidth = toFullwidth(local.toUpperCase()) + "@ｅｘａｍｐｌｅ.ｃｏｍ";
        register(TestData.registration(email, TestData.GOOD_PASSWORD));
        assertEquals(202, register(TestData.registration(fullwidth, TestData.GOOD_PASSWORD)).statusCode());

        Db db = new Db(dataSource);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email_normalized = ?", email));
    }

    @Test
    void storesTheAddressAsEnteredButComparesItCaseInsensitively() {
        String email = "Mixed.Case" + System.nanoTime() + "@Example.COM";
        register(TestData.registration(email, TestData.GOOD_PASSWORD));
        Db db = new Db(dataSource);
        assertEquals(email, db.string("SELECT email FROM users WHERE email_normalized = ?", email.toLowerCase()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "plainaddress", "@example.com", "user@", "user@localhost", "a..b@example.com",
            ".a@example.com", "user@exa mple.com", "user@example..com", "us er@example.com", "\"quoted\"@example.com",
            "x@example.com'; DROP TABLE users; --", "user@[127.0.0.1]", "user@127.0.0.1",
            // Latin "p", "y", "p", "a", "l" with a Cyrillic "а": a look-alike of paypal.
            "pаypal@example.com", "user@exаmple.com" })
    void invalidEmailsAreRefusedWithAFieldError(String email) {
        given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem("email"));
    }

    @Test
    void emailOver254CharactersIsRefused() {
        String email = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".museum";
        assertTrue(email.length() > 254);
        given().contentType(ContentType.JSON).body(TestData.registration(email, TestData.GOOD_PASSWORD))
                .when().post(PATH)
                .then().statusCode(400).body("errors.field", hasItem("email"));
    }

    @Test
    void sqlMetacharactersInValidFieldsAreStoredVerbatim() {
        String email = "o'brien+" + System.nanoTime() + "@example.com";
        Map<String, Object> body = TestData.registration(email, TestData.GOOD_PASSWORD);
        body.put("displayName", "Robert'); DROP TABLE users;--");
        assertEquals(202, register(body).statusCode());
        Db db = new Db(dataSource);
        assertEquals("Robert'); DROP TABLE users;--", db.string("SELECT display_name FROM users WHERE email = ?", email));
    }

    @ParameterizedTest
    @ValueSource(strings = { "short7!", "password1", "Password123", "iloveyou", "qwertyuiop" })
    void shortOrCommonPasswordsAreRefused(String password) {
        given().contentType(ContentType.JSON).body(TestData.registration(TestData.uniqueEmail(), password))
                .when().post(PATH)
                .then().statusCode(400)
                .body("type", endsWith("/validation-failed"))
                .body("errors.field", hasItem("password"));
    }

    @Test
    void passwordContainingTheLocalPartIsRefused() {
        String local = "margaret" + System.nanoTime();
        given().contentType(ContentType.JSON)
                .body(TestData.registration(local + "@example.com", "x" + local.toUpperCase() + "!"))
                .when().post(PATH)
                .then().statusCode(400).body("errors.message", hasItem(containsString("email")));
    }

    @Test
    void passwordLengthCountsCodePointsAndIsCappedAt256() {
        String email = TestData.uniqueEmail();
        // 15 emoji are 30 UTF-16 units but 15 characters: long enough (the minimum is 15).
        assertEquals(202, register(TestData.registration(email, "🐙🦑🐳🐬🐟🐠🐡🦈🐙🦑🐳🐬🐟🐠🐡")).statusCode());
        given().contentType(ContentType.JSON).body(TestData.registration(TestData.uniqueEmail(), "k".repeat(257)))
                .when().post(PATH)
                .then().statusCode(400).body("errors.field", hasItem("password"));
    }

    @Test
    void severalInvalidFieldsAreAllListed() {
        Map<String, Object> body = TestData.registration("not-an-email", "short");
        body.put("displayName", "bell\u0007");
        given().contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(400)
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("displayName"));
    }

    @Test
    void missingFieldsAreValidationProblems() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("password"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{", "{\"email\": }", "not json", "[1,2,3]", "null",
            "{\"email\":\"a@example.com\",\"password\":\"x\"} trailing" })
    void malformedJsonIsA400Problem(String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", not(containsString("Exception")))
                .body("detail", not(containsString("com.fasterxml")));
    }

    @Test
    void malformedJsonNeverEchoesItsContent() {
        String secret = "Sup3r-Secret-Passw0rd";
        given().contentType(ContentType.JSON).body("{\"email\":\"a@example.com\",\"password\": " + secret + "}")
                .when().post(PATH)
                .then().statusCode(400)
                .body(not(containsString(secret)));
    }

    @Test
    void wrongTypesAreRefused() {
        given().contentType(ContentType.JSON).body("{\"email\": 12345, \"password\": true}")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"email\": {\"$ne\": null}, \"password\": \"velvet-Orbit-417\"}")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void duplicateKeysAreRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"velvet-Orbit-417\"}")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "roles", "status", "id", "isAdmin" })
    void unknownOrReadOnlyFieldsAreRefusedAndNothingIsCreated(String field) {
        String email = TestData.uniqueEmail();
        Map<String, Object> body = TestData.registration(email, TestData.GOOD_PASSWORD);
        body.put(field, "admin");
        given().contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
        assertEquals(0, new Db(dataSource).count("SELECT count(*) FROM users WHERE email = ?", email));
    }

    @Test
    void wrongContentTypeIs415Problem() {
        given().contentType(ContentType.TEXT).body("email=a@example.com")
                .when().post(PATH)
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
        given().contentType(ContentType.URLENC).formParam("email", "a@example.com")
                .when().post(PATH)
                .then().statusCode(415);
    }

    @Test
    void bodyOver64KiBIs413Problem() {
        String padding = "x".repeat(70 * 1024);
        Map<String, Object> body = TestData.registration(TestData.uniqueEmail(), TestData.GOOD_PASSWORD);
        body.put("displayName", padding);
        given().contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", endsWith("/payload-too-large"));
    }

    @Test
    void chunkedJsonBodyIsRefusedWith411Problem() throws Exception {
        // Sent chunked, without Content-Length: its size is only known once read, so it is refused unread.
        byte[] chunk = ("{\"email\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(registrationsUri.getHost(), registrationsUri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + registrationsUri.getPath() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 411 "), response);
            assertTrue(response.contains("application/problem+json"), response);
            assertTrue(response.contains("/problems/length-required"), response);
        }
    }

    @Test
    void missingBodyIsAValidationProblem() {
        given().contentType(ContentType.JSON)
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownPathAndWrongMethodAreProblems() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().when().get(PATH)
                .then().statusCode(405).contentType("application/problem+json").body("type", startsWith("/problems/"));
    }

    private static String toFullwidth(String ascii) {
        StringBuilder out = new StringBuilder();
        ascii.chars().forEach(c -> out.appendCodePoint(c >= '!' && c <= '~' ? c - '!' + 0xFF01 : c));
        return out.toString();
    }

    /** Status line, headers and a Content-Length body of one HTTP/1.1 response. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int contentLength = 0;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            head.append(line).append('\n');
            if (line.toLowerCase().startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
