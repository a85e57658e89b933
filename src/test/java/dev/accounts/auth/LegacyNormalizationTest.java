package dev.accounts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A foreign hash was made from the password as typed, the service hashes its NFKC form: a password that
 * NFKC changes must still log in against the imported hash, and the upgrade then stores the NFKC form.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class LegacyNormalizationTest extends ApiTest {

    /** Typed with the ligature U+FB01; NFKC makes it "fish-and-chips-42". */
    private static final String TYPED = "\uFB01sh-and-chips-42";
    /** Django's PBKDF2 of {@link #TYPED} as typed (hashlib.pbkdf2_hmac, 20,000 iterations). */
    private static final String DJANGO_HASH = "pbkdf2_sha256$20000$Nv9qsZSWb1lQ3xYt$kTCOS4pRan9V/4XAAz+Pa58Fnaqarct0mw9BleP/xcw=";

    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void aDjangoHashOfAPasswordThatNfkcChangesVerifiesAndIsUpgradedToTheNormalizedForm() {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        db.update("UPDATE users SET password_hash = ? WHERE email = ?", DJANGO_HASH, email);

        assertEquals(401, Accounts.login(email, "\uFB01sh-and-chips-43").statusCode());
        assertEquals(DJANGO_HASH, db.string("SELECT password_hash FROM users WHERE email = ?", email));
        Accounts.clearLockout(db, email);

        assertEquals(200, Accounts.login(email, TYPED).statusCode());
        assertTrue(db.string("SELECT password_hash FROM users WHERE email = ?", email).startsWith("$argon2id$"));
        // The new hash is of the NFKC form: both spellings now log in.
        assertEquals(200, Accounts.login(email, TYPED).statusCode());
        assertEquals(200, Accounts.login(email, "fish-and-chips-42").statusCode());
    }
}
