package dev.accounts.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void keepsTheAddressAsTypedAndFoldsCaseForComparison() {
        EmailAddress email = EmailAddress.parse("  Ada.Lovelace@Example.COM ").orElseThrow();
        assertEquals("Ada.Lovelace@Example.COM", email.value());
        assertEquals("ada.lovelace@example.com", email.normalized());
        assertEquals("ada.lovelace", email.normalizedLocalPart());
    }

    @Test
    void compatibilityFormsNormalizeToOneAddress() {
        EmailAddress fullwidth = EmailAddress.parse("ＡＤＡ@ｅｘａｍｐｌｅ.ｃｏｍ").orElseThrow();
        assertEquals("ADA@example.com", fullwidth.value());
        assertEquals(EmailAddress.parse("ada@example.com").orElseThrow().normalized(), fullwidth.normalized());
        assertEquals(fullwidth.lockKey(), EmailAddress.parse("Ada@Example.com").orElseThrow().lockKey());
    }

    @ParameterizedTest
    @ValueSource(strings = { "josé@example.com", "用户@例子.广告", "почта@пример.рф", "user+tag@sub.example.co.uk",
            "o'brien@example.com", "ユーザー漢字@example.jp" })
    void acceptsInternationalAndUnusualButValidAddresses(String input) {
        assertTrue(EmailAddress.parse(input).isPresent(), input);
    }

    @ParameterizedTest
    @ValueSource(strings = { "pаypal@example.com", "paypal@exаmple.com", "a@b", "a@-example.com",
            "line\nbreak@example.com", "nul\u0000@example.com", "a@example.123" })
    void refusesMixedScriptsControlCharactersAndNonDomains(String input) {
        assertTrue(EmailAddress.parse(input).isEmpty(), input);
    }
}
