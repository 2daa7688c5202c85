package ai.kaptura.adapter.astria;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which IP addresses an image may be fetched from: only public unicast ones. Loopback, private (RFC 1918,
 * fc00::/7), link-local (169.254/16 with the cloud metadata services, fe80::/10), multicast, unspecified,
 * carrier-grade NAT (100.64/10), documentation, benchmarking and reserved ranges are refused, and so is
 * every IPv6 form that carries one of those IPv4 addresses inside it (IPv4-mapped {@code ::ffff:a.b.c.d},
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}); the deprecated IPv4-compatible form and Teredo are
 * refused whole. The JDK's own predicates (loopback, site-local, link-local, multicast, any-local) are
 * asked too, so a range missing from the table below still cannot slip through them.
 */
final class PublicAddresses {

    /** A range of addresses that is never fetched from, with a name a log line can carry. */
    private record Range(byte[] prefix, int bits, String name) {

        static Range of(String cidr, String name) {
            int slash = cidr.indexOf('/');
            try {
                // Literals only: InetAddress parses them without any lookup.
                byte[] address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(cidr.substring(slash + 1));
                byte[] prefix = cidr.contains(":") && address.length == 4 ? mapped(address) : address;
                return new Range(prefix, bits, name);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("Not an address literal: " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0/8", "unspecified (\"this network\")"),
            Range.of("10.0.0.0/8", "private (RFC 1918)"),
            Range.of("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local (where cloud metadata services answer)"),
            Range.of("172.16.0.0/12", "private (RFC 1918)"),
            Range.of("192.0.0.0/24", "IETF protocol assignment"),
            Range.of("192.0.2.0/24", "documentation"),
            Range.of("192.88.99.0/24", "6to4 relay anycast"),
            Range.of("192.168.0.0/16", "private (RFC 1918)"),
            Range.of("198.18.0.0/15", "benchmarking"),
            Range.of("198.51.100.0/24", "documentation"),
            Range.of("203.0.113.0/24", "documentation"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved or broadcast"));

    private static final List<Range> IPV6 = List.of(
            Range.of("::/128", "unspecified"),
            Range.of("::1/128", "loopback"),
            Range.of("::/96", "IPv4-compatible (deprecated)"),
            Range.of("64:ff9b:1::/48", "local-use NAT64"),
            Range.of("100::/64", "discard-only"),
            Range.of("2001::/23", "IETF protocol assignment (Teredo included)"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("fc00::/7", "unique local (private)"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local (deprecated)"),
            Range.of("ff00::/8", "multicast"));

    /** IPv6 prefixes that carry an IPv4 address, with where it sits: the IPv4 address must be public too. */
    private static final Range MAPPED = Range.of("::ffff:0:0/96", "IPv4-mapped");

    private static final Range NAT64 = Range.of("64:ff9b::/96", "NAT64");
    private static final Range SIX_TO_FOUR = Range.of("2002::/16", "6to4");

    private PublicAddresses() {}

    /** Why {@code address} is not one an image may be fetched from, or empty if it is a public unicast address. */
    static Optional<String> whyNotPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        Optional<String> listed = bytes.length == 4 ? v4(bytes) : v6(bytes);
        if (listed.isPresent()) {
            return listed;
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("site-local (private)");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }

    private static Optional<String> v4(byte[] address) {
        return IPV4.stream()
                .filter(range -> range.contains(address))
                .map(Range::name)
                .findFirst();
    }

    private static Optional<String> v6(byte[] address) {
        if (MAPPED.contains(address)) {
            return v4(Arrays.copyOfRange(address, 12, 16)).map(name -> "IPv4-mapped " + name);
        }
        if (NAT64.contains(address)) {
            return v4(Arrays.copyOfRange(address, 12, 16)).map(name -> "NAT64 of a " + name + " address");
        }
        if (SIX_TO_FOUR.contains(address)) {
            return v4(Arrays.copyOfRange(address, 2, 6)).map(name -> "6to4 of a " + name + " address");
        }
        return IPV6.stream()
                .filter(range -> range.contains(address))
                .map(Range::name)
                .findFirst();
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
