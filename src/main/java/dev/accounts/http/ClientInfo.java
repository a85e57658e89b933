package dev.accounts.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who sent a request: the client address and the user agent. The address is the connection's peer, or,
 * when {@code accounts.throttle.trusted-proxy-hops} is N > 0, the X-Forwarded-For entry N places from the
 * right: the one the outermost trusted proxy wrote. Entries to its left are what the client sent and
 * never count (a forged left-most value buys nothing), unlike Vert.x's own forwarding
 * ({@code quarkus.http.proxy.*}), which takes the left-most. {@link #clientKey()} is what limits count
 * against: the IPv4 address, or the /64 of an IPv6 one (one subscriber holds a whole /64).
 */
public record ClientInfo(String ip, String userAgent) {

    /** An IPv6 address in its longest text form (with an embedded IPv4 address). */
    public static final int MAX_IP_LENGTH = 45;
    /** Longer user agents are cut; registrations.registered_user_agent holds this many characters. */
    public static final int MAX_USER_AGENT_LENGTH = 512;
    /** More X-Forwarded-For entries than any real chain of proxies writes are not read. */
    private static final int MAX_FORWARDED_ENTRIES = 32;

    private static volatile int trustedProxyHops;

    /** Set at start-up from {@code accounts.throttle.trusted-proxy-hops} ({@link ClientAddressSettings}). */
    static void trustProxyHops(int hops) {
        trustedProxyHops = Math.max(0, hops);
    }

    public static ClientInfo of(HttpServerRequest request) {
        String ip = forwardedClient(request.headers().getAll("X-Forwarded-For"), trustedProxyHops);
        if (ip == null) {
            SocketAddress address = request.remoteAddress();
            ip = address == null ? null : address.hostAddress();
        }
        String userAgent = truncate(request.getHeader("User-Agent"), MAX_USER_AGENT_LENGTH);
        return new ClientInfo(truncate(ip, MAX_IP_LENGTH), userAgent);
    }

    /**
     * The entry {@code hops} places from the right of the X-Forwarded-For values (all headers, in order),
     * or null when hops is 0 or the header holds no valid address there. Fewer entries than hops: the
     * left-most, since every entry was then written by a trusted proxy.
     */
    static String forwardedClient(List<String> headers, int hops) {
        if (hops <= 0 || headers == null || headers.isEmpty()) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",", MAX_FORWARDED_ENTRIES + 1)) {
                entries.add(entry.strip());
            }
        }
        String chosen = entries.get(Math.max(0, entries.size() - hops));
        return literalAddress(chosen);
    }

    /** The canonical text of an IP literal (brackets and an IPv6 zone dropped), or null if it is none. */
    static String literalAddress(String text) {
        String value = text.startsWith("[") && text.contains("]") ? text.substring(1, text.indexOf(']')) : text;
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        if (value.matches("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}")) {
            return value;
        }
        if (value.length() > MAX_IP_LENGTH || !value.matches("[0-9A-Fa-f:.]+") || !value.contains(":")) {
            return null;
        }
        try {
            // Bracketed, the JDK parses it as an IPv6 literal or refuses it: never a name look-up.
            return InetAddress.getByName("[" + value + "]").getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The key per-client limits and locks count against: the IPv4 address (an IPv4-mapped IPv6 address
     * is its IPv4 one), or the first 64 bits of an IPv6 address as {@code 2001:db8:1:2::/64}: an IPv6
     * subscriber gets a /64 (or more) and can use any of its 2^64 addresses.
     */
    public String clientKey() {
        return clientKey(ip);
    }

    public static String clientKey(String ip) {
        if (ip == null || !ip.contains(":")) {
            return ip == null ? "" : ip;
        }
        try {
            String literal = ip.contains("%") ? ip.substring(0, ip.indexOf('%')) : ip;
            byte[] address = InetAddress.getByName(literal.startsWith("[") ? literal : "[" + literal + "]").getAddress();
            if (address.length == 4) {
                return InetAddress.getByAddress(address).getHostAddress();
            }
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
            }
            return key.append(":/64").toString().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    private static String truncate(String value, int max) {
        if (value == null) {
            return null;
        }
        // Control characters have no business in stored headers and could forge log lines.
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
