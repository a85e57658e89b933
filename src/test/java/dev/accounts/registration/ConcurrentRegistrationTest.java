package dev.accounts.registration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.InjectSmtp;
import dev.accounts.support.Mailbox;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Fifty concurrent registrations of one address. All but the first find it pending and start it over
 * (PreAccountHijackingTest); with the production activation-mail interval (which %test turns off) the
 * first mail stays the only one.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@TestProfile(ConcurrentRegistrationTest.DefaultActivationMailInterval.class)
class ConcurrentRegistrationTest {

    private static final int REQUESTS = 50;

    @InjectSmtp
    GreenMailResource.Smtp smtp;

    @Inject
    DataSource dataSource;

    @Test
    void fiftyConcurrentRegistrationsOfOneAddressMakeOneAccountAndOneActivationMail() throws Exception {
        String local = "race" + System.nanoTime();
        String email = local + "@example.com";
        // The same address as typed, upper-cased, and in NFKC-compatible fullwidth form.
        String fullwidth = local.chars().collect(StringBuilder::new,
                (sb, c) -> sb.appendCodePoint(c - '!' + 0xFF01), StringBuilder::append) + "@example.com";
        List<String> variants = List.of(email, email.toUpperCase(), fullwidth, "  " + email + " ");

        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String variant = variants.get(i % variants.size());
            calls.add(() -> {
                start.await();
                return given().contentType(ContentType.JSON)
                        .body(TestData.registration(variant, TestData.GOOD_PASSWORD))
                        .when().post("/api/v1/registrations")
                        .then().extract().statusCode();
            });
        }
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (Callable<Integer> call : calls) {
                futures.add(pool.submit(call));
            }
            start.countDown();
            for (Future<Integer> future : futures) {
                assertEquals(202, future.get(), "every registration is accepted, none fails");
            }
        } finally {
            pool.shutdownNow();
        }

        Db db = new Db(dataSource);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email_normalized = ?", email));
        assertEquals(1, db.count("SELECT count(*) FROM mail_outbox WHERE recipient = ANY(?) AND template = 'ACTIVATION'",
                (Object) variants.stream().map(String::strip).toArray(String[]::new)));
        assertTrue(db.count("SELECT count(*) FROM mail_outbox WHERE lower(recipient) = ? AND template = 'ALREADY_REGISTERED'",
                email) <= 1, "at most one notice an hour");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                "SELECT count(*) FROM mail_outbox WHERE lower(recipient) = ANY(?) AND sent_at IS NULL",
                (Object) variants.stream().map(v -> v.strip().toLowerCase()).toArray(String[]::new)) == 0);
        long activationMails = Arrays.stream(smtp.server().getReceivedMessages())
                .filter(m -> Mailbox.subjectOf(m).equals("Activate your account"))
                .filter(m -> Mailbox.recipients(m).stream()
                        .anyMatch(to -> Normalizer.normalize(to, Normalizer.Form.NFKC).equalsIgnoreCase(email)))
                .count();
        assertEquals(1, activationMails, "one activation mail reached the SMTP server");
    }

    public static class DefaultActivationMailInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accounts.registration.activation-mail-interval", "2M");
        }
    }
}
