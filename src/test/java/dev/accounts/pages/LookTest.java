package dev.accounts.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LookTest {

    @Test
    void aDarkAccentCarriesWhiteTextAndColoursTheLinks() {
        Look look = Look.of(" Example ", "#1D4ED8");
        assertEquals("Example", look.productName());
        assertEquals("#1d4ed8", look.accent());
        assertEquals("#ffffff", look.onAccent());
        assertEquals("#1d4ed8", look.link());
        assertEquals("#1d4ed8", look.focus());
    }

    @Test
    void aLightAccentCarriesBlackTextAndLeavesLinksDark() {
        Look look = Look.of("Example", "#fe3");
        assertEquals("#ffee33", look.accent());
        assertEquals("#000000", look.onAccent());
        assertEquals(Look.TEXT, look.link());
        assertEquals(Look.TEXT, look.focus());
        assertTrue(Look.contrast(Look.TEXT, Look.WHITE) >= 4.5);
    }
}
