package dev.accounts.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.accounts.support.TestData;

/** The bundled list itself: big enough to matter, compared without regard to case. */
class CommonPasswordsTest {

    @Test
    void holdsAtLeastTenThousandPasswordsComparedCaseInsensitively() {
        CommonPasswords common = new CommonPasswords();
        common.load();
        assertTrue(common.size() >= 10_000, "only " + common.size() + " common passwords");
        assertTrue(common.contains("password1"));
        assertTrue(common.contains("PaSsWoRd1"));
        assertTrue(common.contains("TRUSTNO1"));
        assertFalse(common.contains(TestData.GOOD_PASSWORD));
    }
}
