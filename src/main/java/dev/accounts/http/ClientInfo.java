package dev.accounts.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who sent a request: the peer address (forwarded headers count only from proxies trusted in
 * {@code quarkus.http.proxy.*}, which Quarkus applies before we see the address) and the user agent.
 */
public record ClientInfo(String ip, String userAgent) {

    /** An IPv6 address in its longest text form (with an embedded IPv4 address). */
    public static final int MAX_IP_LENGTH = 45;
    /** Longer user agents are cut; registrations.registered_user_agent holds this many characters. */
    public static final int MAX_USER_AGENT_LENGTH = 512;

    public static ClientInfo of(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        String ip = address == null ? null : truncate(address.hostAddress(), MAX_IP_LENGTH);
        String userAgent = truncate(request.getHeader("User-Agent"), MAX_USER_AGENT_LENGTH);
        return new ClientInfo(ip, userAgent);
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
