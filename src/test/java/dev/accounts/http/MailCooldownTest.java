package dev.accounts.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Mail bombing: the per-client throttle bounds one sender, but many senders (or one with many addresses)
 * could have the service mail one person without end. At most one activation mail and one reset mail
 * per address per interval (the defaults, 2 minutes), with the same 202 for every request.
 */
@QuarkusTest
@TestProfile(MailCooldownTest.DefaultIntervals.class)
@WithTestResource(GreenMailResource.class)
class MailCooldownTest extends ApiTest {

    private static final String MAILS = """
            SELECT count(*) FROM mail_outbox m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.template = ?
            """;

    @Inject
    DataSource dataSource;

    @Test
    void oneResetMailPerAddressPerInterval() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        for (int i = 0; i < 3; i++) {
            post("/api/v1/password-resets", email);
        }
        assertEquals(1, db.count(MAILS, email, "PASSWORD_RESET"));
    }

    @Test
    void oneActivationMailPerAddressPerInterval() {
        Db db = new Db(dataSource);
        String email = TestData.uniqueEmail();
        Accounts.register(email, TestData.GOOD_PASSWORD);
        for (int i = 0; i < 3; i++) {
            post("/api/v1/registrations/activation-requests", email);
        }
        assertEquals(1, db.count(MAILS, email, "ACTIVATION"));
    }

    private static void post(String path, String email) {
        given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post(path)
                .then().statusCode(202);
    }

    public static class DefaultIntervals implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.registration.activation-mail-interval", "2M",
                    "accounts.password-reset.mail-interval", "2M");
        }
    }
}
