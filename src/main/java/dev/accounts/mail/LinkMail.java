package dev.accounts.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The payload of a mail that carries a single-use link: the link, and how long it works, in words. */
public final class LinkMail {

    private LinkMail() {
    }

    /** {@code linkTemplate} with {token} replaced by the URL-encoded token. */
    public static Map<String, String> payload(String linkTemplate, String token, Duration validFor) {
        String link = linkTemplate.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
        return Map.of("link", link, "validFor", DurationWords.describe(validFor));
    }
}
