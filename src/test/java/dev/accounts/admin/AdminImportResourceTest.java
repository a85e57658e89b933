package dev.accounts.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.spec.KeySpec;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.virtual.ShouldNotPin;
import io.quarkus.test.junit.virtual.VirtualThreadUnit;
import io.restassured.RestAssured;

/**
 * The NDJSON import through the admin API, then a login with each imported password: in the native
 * executable the import once read no line at all (its line record had no reflection registration) and
 * reported every line as malformed, and the login's projection failed. AdminImportResourceIT runs this
 * against the packaged application.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@VirtualThreadUnit
@ShouldNotPin
class AdminImportResourceTest extends ApiTest {

    private static final String IMPORT = "/api/v1/admin/users/import";

    final DataSource dataSource = TestDatabase.dataSource();
    private String adminToken;

    @BeforeEach
    void admin() {
        Db db = new Db(dataSource);
        String adminEmail = Accounts.newActive(db);
        db.update("INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE email = ?", adminEmail);
        adminToken = Accounts.loggedIn(adminEmail, TestData.GOOD_PASSWORD).accessToken();
    }

    @Test
    void importedUsersLogInWithTheirOldPasswordsAndABadLineIsReportedTruly() throws Exception {
        String fromDjango = TestData.uniqueEmail();
        String fromBcrypt = TestData.uniqueEmail();
        String djangoPassword = "correct horse battery staple " + System.nanoTime();
        String bcryptPassword = "a long bcrypt-era passphrase " + System.nanoTime();
        String ndjson = String.join("\n",
                "{\"email\":\"" + fromDjango + "\",\"displayName\":\"From Django\",\"passwordHash\":\""
                        + djangoPbkdf2(djangoPassword, 1000) + "\",\"roles\":[\"staff\"]}",
                "{\"email\":\"" + fromBcrypt + "\",\"passwordHash\":\""
                        + BcryptFunction.getInstance(Bcrypt.B, 4).hash(bcryptPassword).getResult() + "\"}",
                "{\"email\":\"" + TestData.uniqueEmail() + "\",\"passwordHash\":\"x\",\"nickname\":\"nick\"}") + "\n";

        given().auth().oauth2(adminToken).contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .when().post(IMPORT)
                .then().statusCode(200)
                .body("imported", equalTo(2))
                .body("skipped", equalTo(1))
                .body("errors", hasSize(1))
                .body("errors[0].line", equalTo(3))
                .body("errors[0].problem", equalTo("unknown field 'nickname'"))
                .body("errors[0].problem", not(containsString("import fields")));

        assertEquals(200, Accounts.login(fromDjango, djangoPassword).statusCode());
        assertEquals(200, Accounts.login(fromBcrypt, bcryptPassword).statusCode());
        assertEquals(401, Accounts.login(fromBcrypt, djangoPassword).statusCode());
        String upgraded = new Db(dataSource).string("SELECT password_hash FROM users WHERE email = ?", fromDjango);
        assertTrue(upgraded.startsWith("$argon2id$"), "the Django hash is replaced on the first login");
    }

    /** A hash as Django's PBKDF2PasswordHasher writes it. */
    private static String djangoPbkdf2(String password, int iterations) throws Exception {
        String salt = "salt" + System.nanoTime();
        KeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        return "pbkdf2_sha256$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(hash);
    }
}
