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
        return Map.of("link", link, "validFor", describe(validFor));
    }

    static String describe(Duration duration) {
        long hours = duration.toHours();
        if (hours >= 1 && duration.equals(Duration.ofHours(hours))) {
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        long minutes = Math.max(1, duration.toMinutes());
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
