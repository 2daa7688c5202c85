package ai.kaptura.adapter.http;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import io.javalin.http.Context;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;

/**
 * Which network a request comes from, for limits per network (R47).
 *
 * <p>The address: the connection's peer, or, behind the operator's own reverse proxy ({@code KAPTURA_TRUST_PROXY}),
 * the <em>rightmost</em> address of {@code X-Forwarded-For} (or of {@code Forwarded}'s {@code for=}): that is the one
 * the proxy itself appended, while everything left of it was written by the client and proves nothing.
 *
 * <p>The network: an IPv4 address is its own; an IPv6 address counts by its /64 prefix, because one subscriber
 * usually holds a whole /64 and could otherwise take a fresh address for every request. IPv4-mapped IPv6 addresses
 * count as the IPv4 address they carry.
 */
@Implements(Rule.R47)
final class ClientAddress {

    private final boolean trustProxy;

    ClientAddress(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    /** The key of the caller's network, such as {@code 198.51.100.7} or {@code 2001:db8:1:2::/64}. */
    String network(Context ctx) {
        return networkOf(address(ctx));
    }

    /** The caller's address as text, before grouping. */
    String address(Context ctx) {
        if (trustProxy) {
            Optional<String> forwarded = rightmost(ctx.req().getHeaders("X-Forwarded-For"), false)
                    .or(() -> rightmost(ctx.req().getHeaders("Forwarded"), true));
            if (forwarded.isPresent()) {
                return forwarded.get();
            }
        }
        return ctx.req().getRemoteAddr();
    }

    /** Groups an address into its network; text that is not an IP literal is its own key (never looked up in DNS). */
    static String networkOf(String address) {
        String literal = strip(address);
        Optional<InetAddress> parsed = parse(literal);
        if (parsed.isEmpty()) {
            return "other:" + literal.toLowerCase(Locale.ROOT);
        }
        InetAddress ip = parsed.get();
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] bytes = ip.getAddress();
        if (isIpv4Mapped(bytes)) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static Optional<String> rightmost(Enumeration<String> headers, boolean forwardedSyntax) {
        String last = null;
        while (headers != null && headers.hasMoreElements()) {
            for (String element : headers.nextElement().split(",")) {
                String value = forwardedSyntax ? forValue(element) : element.strip();
                if (value != null && !value.isEmpty()) {
                    last = value;
                }
            }
        }
        return Optional.ofNullable(last);
    }

    /** The {@code for=} parameter of one {@code Forwarded} element (RFC 7239), unquoted. */
    private static String forValue(String element) {
        for (String pair : element.split(";")) {
            String p = pair.strip();
            if (p.regionMatches(true, 0, "for=", 0, 4)) {
                String value = p.substring(4).strip();
                return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
                        ? value.substring(1, value.length() - 1)
                        : value;
            }
        }
        return null;
    }

    /** Takes off brackets and a port: {@code [2001:db8::1]:443} → {@code 2001:db8::1}, {@code 1.2.3.4:80} → {@code 1.2.3.4}. */
    private static String strip(String address) {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(1, end) : a;
        }
        int colon = a.indexOf(':');
        if (colon > 0 && colon == a.lastIndexOf(':') && a.indexOf('.') > 0) {
            return a.substring(0, colon);
        }
        return a;
    }

    private static Optional<InetAddress> parse(String literal) {
        if (literal.isEmpty()
                || !literal.matches("[0-9A-Fa-f:.%a-zA-Z]+")
                || !(literal.contains(".") || literal.contains(":"))) {
            return Optional.empty();
        }
        try {
            // ofLiteral never resolves a name: text that is not an address is refused, not looked up.
            InetAddress ip = InetAddress.ofLiteral(literal);
            return ip instanceof Inet4Address || ip instanceof Inet6Address ? Optional.of(ip) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
