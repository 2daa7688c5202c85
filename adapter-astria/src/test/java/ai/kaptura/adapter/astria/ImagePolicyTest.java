package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image policy on its own, no network: which addresses are public, which image addresses pass, and what
 * {@code ASTRIA_IMAGE_HOSTS} accepts. Names resolve through a table, so a "DNS answer" is whatever a test says.
 */
@Tag("R15")
class ImagePolicyTest {

    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final AtomicInteger lookUps = new AtomicInteger();
    private final ImagePolicy.Resolver table = host -> {
        lookUps.incrementAndGet();
        List<InetAddress> answer = dns.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer.toArray(InetAddress[]::new);
    };
    private final ImagePolicy strict =
            ImagePolicy.strict(List.of("sdbooth2-production.s3.amazonaws.com", "*.images.example.com"), table);

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An IPv6 address that stays IPv6 even when it carries an IPv4 one (the JDK turns ::ffff:a.b.c.d literals into IPv4). */
    private static InetAddress v6(String address) {
        try {
            byte[] bytes = new byte[16];
            InetAddress parsed = InetAddress.getByName(address);
            byte[] raw = parsed.getAddress();
            if (raw.length == 4) {
                bytes[10] = (byte) 0xff;
                bytes[11] = (byte) 0xff;
                System.arraycopy(raw, 0, bytes, 12, 4);
            } else {
                bytes = raw;
            }
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void resolves(String host, InetAddress... addresses) {
        dns.put(host, List.of(addresses));
    }

    private String refusal(String location) {
        ImagePolicy.Verdict verdict = strict.check(location);
        assertThat(verdict).as(location).isInstanceOf(ImagePolicy.Refused.class);
        return ((ImagePolicy.Refused) verdict).why();
    }

    // ---- addresses ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.255.254",
                "0.0.0.0",
                "0.1.2.3",
                "10.0.0.1",
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "192.168.255.255",
                "169.254.169.254",
                "169.254.0.1",
                "169.254.255.255",
                "100.64.0.1",
                "100.127.255.255",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "192.0.2.1",
                "198.51.100.7",
                "203.0.113.9",
                "198.18.0.1",
                "192.0.0.8",
                "::",
                "::1",
                "fc00::1",
                "fd12:3456:789a::1",
                "fe80::1",
                "febf:ffff::1",
                "fec0::1",
                "ff02::1",
                "ff0e::1",
                "::127.0.0.1",
                "2001:db8::1",
                "2001::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "100::1",
                "64:ff9b:1::1"
            })
    void an_address_that_is_not_public_unicast_is_refused(String address) {
        assertThat(PublicAddresses.whyNotPublic(literal(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.20.0.5",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.251",
                "255.255.255.255"
            })
    void an_ipv4_mapped_nat64_or_6to4_form_of_a_refused_address_is_refused_too(String inside) {
        byte[] v4 = literal(inside).getAddress();
        byte[] nat64 = new byte[16];
        nat64[0] = 0x00;
        nat64[1] = 0x64;
        nat64[2] = (byte) 0xff;
        nat64[3] = (byte) 0x9b;
        System.arraycopy(v4, 0, nat64, 12, 4);
        byte[] sixToFour = new byte[16];
        sixToFour[0] = 0x20;
        sixToFour[1] = 0x02;
        System.arraycopy(v4, 0, sixToFour, 2, 4);

        assertThat(PublicAddresses.whyNotPublic(v6(inside)))
                .as("::ffff:%s as IPv6", inside)
                .isPresent()
                .hasValueSatisfying(why -> assertThat(why).startsWith("IPv4-mapped"));
        assertThat(PublicAddresses.whyNotPublic(literal("::ffff:" + inside)))
                .as("::ffff:%s as the JDK parses it", inside)
                .isPresent();
        assertThat(PublicAddresses.whyNotPublic(ipv6(nat64)))
                .as("64:ff9b::%s", inside)
                .isPresent();
        assertThat(PublicAddresses.whyNotPublic(ipv6(sixToFour)))
                .as("6to4 of %s", inside)
                .isPresent();
    }

    private static InetAddress ipv6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "52.216.8.1",
                "100.63.255.255",
                "100.128.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "169.253.255.255",
                "169.255.0.0",
                "11.0.0.1",
                "223.255.255.254",
                "2600:1f18::1",
                "2a00:1450:4001::200e"
            })
    void a_public_unicast_address_passes(String address) {
        assertThat(PublicAddresses.whyNotPublic(literal(address))).as(address).isEmpty();
    }

    @Test
    void an_ipv4_mapped_public_address_passes_as_its_ipv4_address_would() {
        assertThat(PublicAddresses.whyNotPublic(v6("8.8.8.8"))).isEmpty();
        assertThat(PublicAddresses.whyNotPublic(v6("169.254.169.254"))).isPresent();
    }

    // ---- image addresses ------------------------------------------------------------------------

    @Test
    void an_https_address_on_an_allowed_host_at_public_addresses_is_fetched_from_exactly_those_addresses() {
        resolves("sdbooth2-production.s3.amazonaws.com", literal("52.216.8.1"), literal("52.217.1.2"));

        ImagePolicy.Verdict verdict = strict.check("https://sdbooth2-production.s3.amazonaws.com/abc123?x=1");

        assertThat(verdict).isInstanceOfSatisfying(ImagePolicy.Fetch.class, fetch -> {
            assertThat(fetch.host()).isEqualTo("sdbooth2-production.s3.amazonaws.com");
            assertThat(fetch.port()).isEqualTo(443);
            assertThat(fetch.tls()).isTrue();
            assertThat(fetch.addresses()).containsExactly(literal("52.216.8.1"), literal("52.217.1.2"));
        });
        assertThat(lookUps)
                .as("one look-up, here; the fetcher connects to what it returned")
                .hasValue(1);
    }

    @Test
    void a_wildcard_allows_names_under_its_domain_only() {
        for (String host : List.of(
                "a.images.example.com",
                "cdn.eu.images.example.com",
                "images.example.com",
                "images.example.com.evil.net",
                "evilimages.example.com",
                "xa.images.example.co")) {
            resolves(host, literal("93.184.216.34"));
        }

        assertThat(strict.check("https://a.images.example.com/x.png")).isInstanceOf(ImagePolicy.Fetch.class);
        assertThat(strict.check("https://CDN.EU.Images.Example.com./x.png")).isInstanceOf(ImagePolicy.Fetch.class);
        assertThat(refusal("https://images.example.com/x.png")).contains("not in ASTRIA_IMAGE_HOSTS");
        assertThat(refusal("https://images.example.com.evil.net/x.png")).contains("not in ASTRIA_IMAGE_HOSTS");
        assertThat(refusal("https://evilimages.example.com/x.png")).contains("not in ASTRIA_IMAGE_HOSTS");
        assertThat(refusal("https://xa.images.example.co/x.png")).contains("not in ASTRIA_IMAGE_HOSTS");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://sdbooth2-production.s3.amazonaws.com/x.png",
                "ftp://sdbooth2-production.s3.amazonaws.com/x.png",
                "file:///etc/passwd",
                "//sdbooth2-production.s3.amazonaws.com/x.png",
                "/images/1/1.png",
                "https://user:pw@sdbooth2-production.s3.amazonaws.com/x.png",
                "https://sdbooth2-production.s3.amazonaws.com:8443/x.png",
                "https://sdbooth2-production.s3.amazonaws.com:80/x.png",
                "https://52.216.8.1/x.png",
                "https://[::1]/x.png",
                "https://[::ffff:169.254.169.254]/x.png",
                "https://169.254.169.254/latest/meta-data/",
                "https://localhost/x.png",
                "https://s3.amazonaws.com/x.png",
                "not an address at all",
                ""
            })
    void anything_but_https_on_port_443_of_an_allowed_host_name_is_refused_before_any_look_up(String location) {
        resolves("sdbooth2-production.s3.amazonaws.com", literal("52.216.8.1"));

        assertThat(refusal(location)).isNotBlank();
        assertThat(lookUps).hasValue(0);
    }

    @Test
    void an_allowed_name_that_resolves_to_a_private_or_metadata_address_is_refused_dns_rebinding_included() {
        resolves("a.images.example.com", literal("169.254.169.254"));
        resolves("b.images.example.com", literal("52.216.8.1"), literal("10.0.0.7"));
        resolves("c.images.example.com", v6("127.0.0.1"));
        resolves("d.images.example.com", literal("fd00::5"));

        assertThat(refusal("https://a.images.example.com/x.png"))
                .contains("169.254.169.254")
                .contains("link-local");
        assertThat(refusal("https://b.images.example.com/x.png"))
                .as("one private address among public ones")
                .contains("10.0.0.7");
        assertThat(refusal("https://c.images.example.com/x.png")).contains("IPv4-mapped loopback");
        assertThat(refusal("https://d.images.example.com/x.png")).contains("unique local");
        assertThat(refusal("https://e.images.example.com/x.png")).contains("does not resolve");
    }

    @Test
    void the_test_servers_policy_fetches_from_loopback_only_never_from_private_or_public_addresses() {
        ImagePolicy tests = ImagePolicy.loopbackTestServersOnly(table, "localhost", "images.kaptura.test");
        resolves("localhost", literal("127.0.0.1"));
        resolves("images.kaptura.test", literal("10.0.0.1"));

        assertThat(tests.check("http://localhost:8089/x.png")).isInstanceOf(ImagePolicy.Fetch.class);
        assertThat(tests.check("http://images.kaptura.test/x.png")).isInstanceOf(ImagePolicy.Refused.class);
        resolves("images.kaptura.test", literal("52.216.8.1"));
        assertThat(tests.check("http://images.kaptura.test/x.png")).isInstanceOf(ImagePolicy.Refused.class);
        assertThat(tests.check("http://elsewhere.kaptura.test/x.png")).isInstanceOf(ImagePolicy.Refused.class);
    }

    // ---- ASTRIA_IMAGE_HOSTS ---------------------------------------------------------------------

    @Test
    void the_setting_takes_comma_separated_host_names_and_wildcards() {
        assertThat(ImagePolicy.parse(" sdbooth2-production.s3.amazonaws.com , *.CDN.Example.com., mp.astria.ai,"))
                .containsExactly("sdbooth2-production.s3.amazonaws.com", "*.cdn.example.com", "mp.astria.ai");
        assertThat(AstriaAdapter.imageHosts(String.join(",", AstriaAdapter.DEFAULT_IMAGE_HOSTS)))
                .containsExactlyElementsOf(AstriaAdapter.DEFAULT_IMAGE_HOSTS);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "*",
                "*.com",
                "http://images.example.com",
                "https://images.example.com/x",
                "images.example.com:8443",
                "10.0.0.1",
                "169.254.169.254",
                "[::1]",
                "::1",
                "images..example.com",
                "-bad.example.com",
                "images.example.com/path",
                "user@images.example.com",
                "*.*.example.com",
                "a*.example.com",
                "",
                " , "
            })
    void the_setting_refuses_anything_that_is_not_a_host_name_naming_the_variable(String value) {
        assertThatThrownBy(() -> AstriaAdapter.imageHosts(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASTRIA_IMAGE_HOSTS");
        assertThatThrownBy(() -> ImagePolicy.strict(List.of(value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASTRIA_IMAGE_HOSTS");
    }
}
