package ai.kaptura.adapter.astria;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a generated image may be fetched from. Every image address is checked here before a connection is
 * opened, whoever named it (Astria's API included):
 * <ol>
 *   <li>{@code https} only, on the default port, without credentials;</li>
 *   <li>the host is a name (never an address literal) that matches the allow-list ({@code ASTRIA_IMAGE_HOSTS}:
 *       exact names, or {@code *.example.com} for any name under {@code example.com});</li>
 *   <li>the host is resolved once, here, and every address it resolves to must be public
 *       ({@link PublicAddresses}); the {@link Fetch} carries those addresses, and the fetcher connects to them
 *       and never looks the name up again — so a name that answers a public address to this check and a
 *       private one to a second look-up (DNS rebinding) gains nothing.</li>
 * </ol>
 * Redirects are never followed and sizes and times are bounded: that is {@link ImageFetcher}'s part.
 *
 * <p>{@link #strict} is the only policy production can build: the adapter's public entry accepts host names and
 * nothing else. {@link #loopbackTestServersOnly} exists for the adapter's own tests against local stubs; it is
 * package-private, so configuration can never select it.
 */
final class ImagePolicy {

    /** The variable operators set the allow-list with; every message about it names it. */
    static final String VARIABLE = "ASTRIA_IMAGE_HOSTS";

    /** Looks a host name up: the JDK's resolver in production, a fixed table in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** What the policy says of an address. */
    sealed interface Verdict {}

    /** Fetch {@code location} by connecting to one of {@code addresses} (all checked), presenting {@code host}. */
    record Fetch(URI location, String host, int port, boolean tls, List<InetAddress> addresses) implements Verdict {
        Fetch {
            addresses = List.copyOf(addresses);
        }
    }

    /** Never fetched, and why (no personal data: a host name and a range at most). */
    record Refused(String why) implements Verdict {}

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile(".*\\.[0-9]+");

    private final List<String> hosts;
    private final boolean testServers;
    private final Resolver resolver;

    private ImagePolicy(List<String> hosts, boolean testServers, Resolver resolver) {
        this.hosts = List.copyOf(hosts);
        this.testServers = testServers;
        this.resolver = resolver;
    }

    /**
     * The production policy: https on port 443 from the {@code hosts} named (see {@link #parse}), public addresses only.
     *
     * @throws IllegalArgumentException naming {@value #VARIABLE} if a pattern is not a host name pattern
     */
    static ImagePolicy strict(List<String> hosts) {
        return strict(hosts, InetAddress::getAllByName);
    }

    /** {@link #strict(List)} with another resolver (tests: names that resolve to chosen addresses). */
    static ImagePolicy strict(List<String> hosts, Resolver resolver) {
        Objects.requireNonNull(hosts, VARIABLE);
        List<String> checked = new ArrayList<>();
        for (String host : hosts) {
            checked.add(checkPattern(host));
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " must name at least one host that serves Astria's images");
        }
        return new ImagePolicy(checked, false, Objects.requireNonNull(resolver, "resolver"));
    }

    /**
     * FOR THE ADAPTER'S TESTS ONLY: local stub servers over plain http on any port, at names that match
     * {@code hosts} and resolve to <em>loopback addresses only</em> — every other address, public ones included,
     * is refused. Package-private: no configuration can reach it.
     */
    static ImagePolicy loopbackTestServersOnly(Resolver resolver, String... hosts) {
        return new ImagePolicy(
                Arrays.stream(hosts).map(host -> host.toLowerCase(Locale.ROOT)).toList(), true, resolver);
    }

    /**
     * The host patterns of {@code commaSeparated} ({@value #VARIABLE}): names such as
     * {@code sdbooth2-production.s3.amazonaws.com}, or {@code *.example.com} for every name under {@code example.com}.
     *
     * @throws IllegalArgumentException naming {@value #VARIABLE} for anything else: a scheme, a port, a path, an
     *                                  address, a single label such as {@code localhost}, a bare {@code *} or
     *                                  {@code *.com}
     */
    static List<String> parse(String commaSeparated) {
        List<String> patterns = new ArrayList<>();
        for (String part : Objects.requireNonNull(commaSeparated, VARIABLE).split(",", -1)) {
            if (!part.isBlank()) {
                patterns.add(checkPattern(part));
            }
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + " must name at least one host that serves Astria's images");
        }
        return List.copyOf(patterns);
    }

    private static String checkPattern(String pattern) {
        String p = Objects.requireNonNull(pattern, VARIABLE).strip().toLowerCase(Locale.ROOT);
        p = p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
        String name = p.startsWith("*.") ? p.substring(2) : p;
        if (name.length() > 253
                || !NAME.matcher(name).matches()
                || NUMERIC_LAST_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(VARIABLE + " holds host names separated by commas, such as "
                    + "sdbooth2-production.s3.amazonaws.com or *.example.com (a name with at least two labels; no scheme, "
                    + "port, path or IP address): '" + pattern.strip() + "' is not one");
        }
        return p;
    }

    /** What may be done with {@code location}; never throws, never connects. */
    Verdict check(String location) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNullElse(location, ""));
        } catch (URISyntaxException e) {
            return new Refused("not an address");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !(testServers && scheme.equals("http"))) {
            return new Refused("only https image addresses are fetched, not "
                    + (scheme.isEmpty() ? "a relative one" : scheme + "://"));
        }
        if (uri.getRawUserInfo() != null) {
            return new Refused("an image address with credentials is never fetched");
        }
        if (uri.getHost() == null) {
            return new Refused("the image address has no host name");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (host.startsWith("[") || host.matches("[0-9.]+")) {
            return new Refused("the image address names an IP address, not a host of " + VARIABLE);
        }
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        if (!testServers && port != 443) {
            return new Refused("the image address names port " + port + "; only https's port 443 is used");
        }
        if (!allowed(host)) {
            return new Refused("the image host " + host + " is not in " + VARIABLE);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            return new Refused("the image host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return new Refused("the image host " + host + " does not resolve");
        }
        Function<InetAddress, Optional<String>> why =
                testServers ? ImagePolicy::whyNotLoopback : PublicAddresses::whyNotPublic;
        for (InetAddress address : addresses) {
            Optional<String> refused = why.apply(address);
            if (refused.isPresent()) {
                return new Refused("the image host " + host + " resolves to " + address.getHostAddress() + ", a "
                        + refused.get() + " address, which is never fetched from");
            }
        }
        return new Fetch(uri, host, port, tls, List.of(addresses));
    }

    private boolean allowed(String host) {
        for (String pattern : hosts) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> whyNotLoopback(InetAddress address) {
        return address.isLoopbackAddress()
                ? Optional.empty()
                : Optional.of("non-loopback (this policy is for local test servers)");
    }

    @Override
    public String toString() {
        return (testServers ? "ImagePolicy[loopback test servers " : "ImagePolicy[https from ")
                + String.join(", ", hosts) + "]";
    }
}
