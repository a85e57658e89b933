package dev.accounts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientInfoTest {

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64AndIpv4ByTheAddress() {
        assertEquals("2001:db8:1:2::/64", ClientInfo.clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2::/64", ClientInfo.clientKey("2001:0db8:0001:0002::1"));
        assertEquals("2001:db8:1:2::/64", ClientInfo.clientKey("2001:db8:1:2::1%eth0"));
        assertEquals("192.0.2.7", ClientInfo.clientKey("192.0.2.7"));
        assertEquals("192.0.2.7", ClientInfo.clientKey("::ffff:192.0.2.7"));
        assertEquals("", ClientInfo.clientKey(null));
    }

    @Test
    void xForwardedForIsReadByTrustedHopsFromTheRight() {
        List<String> header = List.of("6.6.6.6, 203.0.113.5", "198.51.100.1");
        assertNull(ClientInfo.forwardedClient(header, 0), "ignored by default");
        assertEquals("198.51.100.1", ClientInfo.forwardedClient(header, 1));
        assertEquals("203.0.113.5", ClientInfo.forwardedClient(header, 2));
        assertEquals("6.6.6.6", ClientInfo.forwardedClient(header, 5), "fewer entries than hops: all trusted");
        assertEquals("2001:db8:0:0:0:0:0:1", ClientInfo.forwardedClient(List.of("[2001:db8::1]"), 1));
        assertNull(ClientInfo.forwardedClient(List.of("evil.example.com"), 1), "never a name look-up");
        assertNull(ClientInfo.forwardedClient(List.of("1.2.3.4.5"), 1));
        assertNull(ClientInfo.forwardedClient(List.of("unknown"), 1));
    }
}
