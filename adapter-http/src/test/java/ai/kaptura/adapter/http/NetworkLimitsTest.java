package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Limits per network (R47): a network is an IPv4 address or an IPv6 /64; behind the operator's proxy it is the
 * rightmost forwarded address, never one the client wrote; anonymous writes are limited too.
 */
@Tag("R47")
class NetworkLimitsTest {

    @Test
    void an_ipv6_address_counts_by_its_64_prefix_and_an_ipv4_address_by_itself() {
        assertThat(ClientAddress.networkOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.networkOf("2001:db8:1:2::1"))
                .isEqualTo(ClientAddress.networkOf("2001:db8:1:2:ffff::9"));
        assertThat(ClientAddress.networkOf("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.networkOf("2001:db8:1:2::1"));
        assertThat(ClientAddress.networkOf("[2001:db8:1:2::1]:443")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.networkOf("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(ClientAddress.networkOf("198.51.100.7:51234")).isEqualTo("198.51.100.7");
        assertThat(ClientAddress.networkOf("198.51.100.8")).isNotEqualTo("198.51.100.7");
        assertThat(ClientAddress.networkOf("::ffff:198.51.100.7"))
                .as("IPv4-mapped")
                .isEqualTo("198.51.100.7");
        assertThat(ClientAddress.networkOf("unknown"))
                .as("never looked up in DNS")
                .isEqualTo("other:unknown");
        assertThat(ClientAddress.networkOf("evil.example")).isEqualTo("other:evil.example");
    }

    @Test
    void behind_the_proxy_the_rightmost_forwarded_address_counts_not_what_the_client_wrote() {
        try (Server server = new Server(Server.Options.defaults().behindProxy())) {
            int limit = NetworkLimits.SIGN_IN_START.attempts();
            for (int i = 0; i < limit; i++) {
                HttpResponse<String> asked = start(server, "10.0." + i + ".1, 203.0.113.9");
                assertThat(asked.statusCode()).isEqualTo(202);
            }

            HttpResponse<String> forged = start(server, "192.0.2." + limit + ", 203.0.113.9");
            HttpResponse<String> otherNetwork = start(server, "10.0.0.1, 203.0.113.10");

            assertThat(forged.statusCode())
                    .as("a new leftmost address does not make a new network")
                    .isEqualTo(429);
            assertThat(forged.headers().firstValue("Retry-After")).isPresent();
            assertThat(otherNetwork.statusCode()).isEqualTo(202);
            assertThat(server.fakes.limits.keys)
                    .contains("sign-in-start-network 203.0.113.9", "sign-in-start-network 203.0.113.10")
                    .noneMatch(k -> k.contains("10.0.") || k.contains("192.0.2."));
        }
    }

    @Test
    void without_a_trusted_proxy_forwarded_headers_are_ignored() {
        try (Server server = new Server()) {
            start(server, "203.0.113.9");

            assertThat(server.fakes.limits.keys)
                    .singleElement()
                    .satisfies(k -> assertThat(k).doesNotContain("203.0.113.9"));
        }
    }

    @Test
    void anonymous_cookie_choices_are_limited_per_network() {
        try (Server server = new Server()) {
            for (int i = 0; i < NetworkLimits.COOKIE_CHOICE.attempts(); i++) {
                assertThat(choose(server).statusCode()).isEqualTo(200);
            }

            HttpResponse<String> limited = choose(server);

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Server.parse(limited.body())).containsEntry("type", "https://kaptura.ai/problems/rate-limited");
            assertThat(server.fakes.cookies.recorded).hasSize(NetworkLimits.COOKIE_CHOICE.attempts());
        }
    }

    @Test
    void address_changes_are_limited_per_network() {
        try (Server server = new Server()) {
            Server.Session ada = server.signIn("ada@example.org");
            for (int i = 0; i < NetworkLimits.ADDRESS_CHANGE.attempts(); i++) {
                server.json("PATCH", "/api/me", "{\"email\":\"n" + i + "@example.org\"}", ada);
            }

            HttpResponse<String> limited = server.json("PATCH", "/api/me", "{\"email\":\"one-more@example.org\"}", ada);

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(server.fakes.privacy.rectifications).hasSize(NetworkLimits.ADDRESS_CHANGE.attempts());
        }
    }

    private static HttpResponse<String> start(Server server, String forwardedFor) {
        return server.send(server.request(
                        "POST", "/api/auth/start", HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.org\"}"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .build());
    }

    private static HttpResponse<String> choose(Server server) {
        return server.json("POST", "/api/cookies", "{\"analytics\":false,\"bannerVersion\":\"2026-01\"}");
    }
}
