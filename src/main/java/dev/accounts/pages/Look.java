package dev.accounts.pages;

import dev.accounts.config.AccountsConfig;

/**
 * How the pages look: the product name and colours derived from the configured accent, chosen so that
 * text keeps the contrast WCAG 2.2 asks (4.5:1 for text, 3:1 for focus outlines), whatever the accent.
 */
public record Look(String productName, String accent, String onAccent, String link, String focus) {

    static final String TEXT = "#1f2937";
    static final String WHITE = "#ffffff";
    static final String BLACK = "#000000";

    public static Look of(AccountsConfig.PagesSettings pages) {
        return of(pages.productName(), pages.accentColour());
    }

    static Look of(String productName, String accentColour) {
        String accent = expand(accentColour);
        double onWhite = contrast(accent, WHITE);
        String onAccent = onWhite >= contrast(accent, BLACK) ? WHITE : BLACK;
        // A light accent would make unreadable links and invisible focus rings on the white page.
        String link = onWhite >= 4.5 ? accent : TEXT;
        String focus = onWhite >= 3 ? accent : TEXT;
        return new Look(productName.strip(), accent, onAccent, link, focus);
    }

    /** {@code #abc} to {@code #aabbcc}, lower case; the configuration has validated the format. */
    static String expand(String colour) {
        String hex = colour.substring(1).toLowerCase();
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        return "#" + hex;
    }

    /** WCAG contrast ratio of two {@code #rrggbb} colours, from 1 to 21. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String colour) {
        int rgb = Integer.parseInt(colour.substring(1), 16);
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
