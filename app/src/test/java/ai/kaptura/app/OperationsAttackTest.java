package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.app.AttackTarget.Visitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an outsider learns from the operations endpoints, and what a public server started without saying it is
 * real gives away (R47): the metrics are behind their own token; a public address with the sandbox "payments"
 * does not start unless the operator says it is a demo.
 */
@Tag("attack")
@Tag("R47")
class OperationsAttackTest {

    static final String METRICS_TOKEN = "metrics-token-for-the-attack-suite-0123";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void the_metrics_are_closed_without_their_token_and_open_with_it() throws Exception {
        AttackTarget closed = targets.start();
        HttpResponse<String> unconfigured = closed.apiClient().get("/metrics");
        assertThat(unconfigured.statusCode()).isEqualTo(403);
        assertThat(unconfigured.body()).doesNotContain("kaptura_").contains("KAPTURA_METRICS_TOKEN");

        AttackTarget open = targets.start(Map.of("KAPTURA_METRICS_TOKEN", METRICS_TOKEN));
        Visitor scraper = open.apiClient();
        HttpResponse<String> anonymous = scraper.get("/metrics");
        HttpResponse<String> wrong = scraper.send(HttpRequest.newBuilder(open.base.resolve("/metrics"))
                .header("Authorization", "Bearer not-the-metrics-token-0123456789")
                .build());
        HttpResponse<String> right = scraper.send(HttpRequest.newBuilder(open.base.resolve("/metrics"))
                .header("Authorization", "Bearer " + METRICS_TOKEN)
                .build());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("kaptura_");
        assertThat(scraper.get("/health/ready").statusCode())
                .as("the load balancer's probe stays open")
                .isEqualTo(200);
    }

    @Test
    void a_public_address_without_an_explicit_production_setting_does_not_start(@TempDir Path dataDir) {
        for (String publicAddress :
                new String[] {"https://headshots.example.com", "http://203.0.113.7:7070", "http://kaptura.internal:7070"
                }) {
            Map<String, String> env = new HashMap<>();
            env.put("KAPTURA_DATA_DIR", dataDir.resolve("refused").toString());
            env.put("KAPTURA_BASE_URL", publicAddress);
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);

            int exit = Main.run(new String[] {"serve"}, env, err, err);

            assertThat(exit).as(publicAddress).isNotZero();
            assertThat(said.toString(StandardCharsets.UTF_8))
                    .contains("KAPTURA_PRODUCTION")
                    .contains("sandbox");
        }
        assertThatThrownBy(() -> Configuration.from(Map.of("KAPTURA_BASE_URL", "https://headshots.example.com")))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("KAPTURA_PRODUCTION");
    }

    @Test
    void a_public_address_starts_as_a_demo_only_when_the_operator_says_so_and_loopback_needs_nothing()
            throws Exception {
        assertThat(Configuration.from(
                                Map.of("KAPTURA_BASE_URL", "https://demo.example.com", "KAPTURA_PRODUCTION", "false"))
                        .production())
                .isFalse();
        for (String local : new String[] {
            "http://localhost:7070", "http://127.0.0.1:7070", "http://[::1]:7070", "http://app.localhost"
        }) {
            assertThat(Configuration.from(Map.of("KAPTURA_BASE_URL", local))
                            .baseUrl()
                            .toString())
                    .isEqualTo(local);
        }
        AttackTarget demo =
                targets.start(Map.of("KAPTURA_BASE_URL", "https://demo.example.com", "KAPTURA_PRODUCTION", "false"));
        assertThat(demo.apiClient().get("/health/ready").statusCode()).isEqualTo(200);
    }
}
