package dev.accounts.migration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.Management;
import dev.accounts.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** accounts_users_legacy_hash counts imported hashes by format, and falls as their owners sign in. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class LegacyHashGaugeTest {

    /** Openwall phpass's test vector: "test12345". */
    private static final String PHPASS = "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0";

    @Inject
    LegacyHashGauge gauge;

    @Inject
    DataSource dataSource;

    @Test
    void importedHashesAreCountedByFormatUntilTheirOwnersSignIn() throws Exception {
        gauge.refresh();
        double phpassBefore = gaugeValue("phpass");
        double unusableBefore = gaugeValue("unusable");
        Db db = new Db(dataSource);
        String first = TestData.uniqueEmail();
        for (String email : new String[] { first, TestData.uniqueEmail(), TestData.uniqueEmail() }) {
            insert(db, email, PHPASS);
        }
        insert(db, TestData.uniqueEmail(), "!AR7q0w0HQtES0cxuxXxuHzgmXEEHrVNcjvHVVZDJ");
        gauge.refresh();
        assertEquals(phpassBefore + 3, gaugeValue("phpass"));
        assertEquals(unusableBefore + 1, gaugeValue("unusable"));

        assertEquals(200, Accounts.login(first, "test12345").statusCode());
        gauge.refresh();
        assertEquals(phpassBefore + 2, gaugeValue("phpass"), "the login replaced one PHPass hash by argon2id");
    }

    private static void insert(Db db, String email, String hash) {
        db.update("""
                INSERT INTO users (id, email, email_normalized, password_hash, status, created_at, updated_at)
                VALUES (gen_random_uuid(), ?, ?, ?, 'ACTIVE', now(), now())
                """, email, email, hash);
    }

    private static double gaugeValue(String format) {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^accounts_users_legacy_hash\\{format=\"" + format + "\"[^}]*} ([0-9.E+-]+)$",
                Pattern.MULTILINE).matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no accounts_users_legacy_hash{format=\"" + format + "\"} in /q/metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}
