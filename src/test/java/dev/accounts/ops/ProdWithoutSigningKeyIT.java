package dev.accounts.ops;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.accounts.support.AppProcess;
import dev.accounts.support.Tags;
import dev.accounts.support.TestDatabase;

/** The packaged application in the prod profile, given everything but a signing key, refuses to start. */
@Tag(Tags.OPS)
class ProdWithoutSigningKeyIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void refusesToStartAndSaysWhatToSet() throws Exception {
        Assumptions.assumeTrue(TestDatabase.configured(), "needs a configured PostgreSQL for the launched process");
        Map<String, String> settings = AppProcess.baseSettings(TestDatabase.url(), AppProcess.freePort());
        settings.remove("SMALLRYE_JWT_SIGN_KEY_LOCATION");
        settings.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");

        try (AppProcess app = AppProcess.start("prod-without-key", settings)) {
            int exit = app.awaitExit(Duration.ofSeconds(150));
            assertNotEquals(0, exit, "the process exits with an error");
            assertTrue(app.log().contains("No JWT signing key is configured"), app.log());
            assertTrue(app.log().contains("SMALLRYE_JWT_SIGN_KEY"), "the message names what to set");
        }
    }
}
