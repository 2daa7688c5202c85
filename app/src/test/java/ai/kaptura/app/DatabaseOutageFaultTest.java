package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL goes away for 20 seconds in the middle of an order, as a database restart or fail-over looks to a node:
 * every connection is cut and new ones are refused (a relay between the node and the server is taken down; the server
 * itself goes on serving the rest of the machine). Readiness turns red, then green again; nothing acknowledged before
 * is lost, and the order's jobs resume on their own until it is delivered.
 */
@Tag("faults")
class DatabaseOutageFaultTest {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final String EMAIL = "ada@example.org";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void a_twenty_second_database_outage_mid_order_turns_readiness_red_then_green_and_the_order_is_still_delivered()
            throws Exception {
        FreshPostgres database = targets.closeAfter(FreshPostgres.create());
        OutageProxy relay = targets.closeAfter(new OutageProxy(new InetSocketAddress(database.host, database.port)));
        AttackTarget node = targets.start(Map.of(
                "KAPTURA_DATABASE_URL",
                database.urlVia("127.0.0.1", relay.port()),
                "KAPTURA_DATABASE_USER",
                database.user,
                "KAPTURA_SANDBOX_DELAY",
                "3"));
        Visitor ada = node.browser().signIn(EMAIL);
        String order = ada.order();
        ada.uploadSelfies(order, 8);
        URI checkout = ada.checkOut(order);
        ada.payOnSandbox(checkout);
        ada.awaitStatus(order, List.of("paid", "training"), Duration.ofSeconds(60));
        Visitor probe = node.apiClient();
        assertThat(probe.get("/health/ready").statusCode()).isEqualTo(200);

        relay.down();
        Instant wentDown = Instant.now();
        List<Integer> readiness = new ArrayList<>();
        while (Duration.between(wentDown, Instant.now()).compareTo(OUTAGE) < 0) {
            readiness.add(probe.get("/health/ready").statusCode());
            AttackTarget.sleep(Duration.ofSeconds(1));
        }
        relay.up();

        assertThat(readiness).as("readiness while the database is away").contains(503);
        AttackTarget.await(
                () -> probe.get("/health/ready").statusCode() == 200, Duration.ofSeconds(60), "readiness green again");
        assertThat(relay.refused())
                .as("the node kept trying to reach the database")
                .isPositive();

        JsonNode delivered = ada.awaitStatus(order, "delivered", Duration.ofMinutes(3));
        assertThat(delivered.path("headshotsReady").asInt())
                .isEqualTo(delivered.path("headshotsOrdered").asInt());
        assertThat(delivered.path("history").findValuesAsText("status"))
                .contains("draft", "awaiting_payment", "paid", "training", "generating", "delivered");
        AttackTarget.await(
                () -> node.selfieObjects().isEmpty(), Duration.ofSeconds(60), "the selfies deleted after delivery");
        HttpResponse<String> chain = node.asAuditor("/api/audit/chain");
        assertThat(Visitor.tree(chain).path("intact").asBoolean())
                .as(chain.body())
                .isTrue();
    }
}
