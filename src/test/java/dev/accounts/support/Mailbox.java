package dev.accounts.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Reads what reached the test SMTP server. */
public final class Mailbox {

    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_%-]+)");

    private Mailbox() {
    }

    /** Mails received so far for the recipient (compared case-insensitively). */
    public static List<MimeMessage> to(GreenMailResource.Smtp smtp, String recipient) {
        return Arrays.stream(smtp.server().getReceivedMessages())
                .filter(message -> isFor(message, recipient))
                .toList();
    }

    /** Waits until {@code count} mails with the subject have reached the recipient, and returns them. */
    public static List<MimeMessage> await(GreenMailResource.Smtp smtp, String recipient, String subject, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> to(smtp, recipient).stream().filter(m -> subject.equals(subjectOf(m))).toList(),
                        mails -> mails.size() >= count);
    }

    /** The token of the last link in the mail's plain-text part. */
    public static String tokenIn(MimeMessage message) {
        String body = GreenMailUtil.getBody(message);
        Matcher matcher = TOKEN.matcher(body.replace("=\r\n", "").replace("=3D", "="));
        String token = null;
        while (matcher.find()) {
            token = matcher.group(1);
        }
        if (token == null) {
            throw new AssertionError("no token link in mail: " + body);
        }
        return URLDecoder.decode(token, StandardCharsets.UTF_8);
    }

    public static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TO addresses of a mail, decoded. */
    public static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(address -> ((InternetAddress) address).getAddress())
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isFor(MimeMessage message, String recipient) {
        return recipients(message).stream().anyMatch(address -> address.equalsIgnoreCase(recipient));
    }
}
