package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of the real node, on the embedded defaults, while an order is in production: the node runs as a child
 * JVM ({@link AttackTarget#inChildProcess}, {@code KAPTURA_SANDBOX_DELAY=6}), an order is driven over HTTP to the stage,
 * the process is killed without warning and stays down for longer than the sandbox's delay (so the step it was on is
 * overdue when it comes back, and finishes the moment the sandbox starts, seconds before the app listens), and a new node
 * started on the same data directory must deliver the order within two minutes of its start — without the ten-minute
 * look-up of overdue callbacks, which would come too late: the sandbox resumes, from what it keeps at rest, the training
 * or generation it had accepted and sends the callbacks the app has not answered until the app takes them, while the
 * app's durable jobs resume its own side.
 */
@Tag("faults")
class RestartFaultsTest {

    static final Duration SANDBOX_DELAY = Duration.ofSeconds(6);
    static final Duration DELIVERED_WITHIN = Duration.ofMinutes(2);
    /** How long the node stays down: past the sandbox's delay, so what it was doing is overdue at the restart. */
    static final Duration DOWN_FOR = SANDBOX_DELAY;

    static final String EMAIL = "grace.hopper@example.org";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @ParameterizedTest(name = "killed while {0}")
    @ValueSource(strings = {"training", "generating"})
    void an_order_in_production_when_the_node_is_killed_is_delivered_within_two_minutes_of_the_restart(String stage) {
        AttackTarget node =
                targets.startInChildProcess(Map.of("KAPTURA_SANDBOX_DELAY", Long.toString(SANDBOX_DELAY.toSeconds())));
        Visitor grace = node.browser().signIn(EMAIL);
        String order = grace.order("studio-grey", "bright-office");
        for (int i = 0; i < 8; i++) {
            assertThat(grace.upload(order, AttackTarget.selfie(i)).statusCode()).isEqualTo(201);
        }
        grace.payOnSandbox(grace.checkOut(order));
        grace.awaitStatus(order, stage, Duration.ofSeconds(90));
        assertThat(grace.status(order)).as("still in the stage when killed").isEqualTo(stage);

        node.kill();
        AttackTarget.sleep(DOWN_FOR);
        long restarted = System.nanoTime();
        node.restart();
        grace.awaitStatus(order, "delivered", DELIVERED_WITHIN);
        Duration took = Duration.ofNanos(System.nanoTime() - restarted);

        System.out.printf(
                Locale.ROOT,
                "RestartFaultsTest: killed while %s; delivered %.1f s after the restart%n",
                stage,
                took.toMillis() / 1000.0);
        assertThat(took).isLessThanOrEqualTo(DELIVERED_WITHIN);
        JsonNode headshots =
                Visitor.tree(grace.get("/api/orders/" + order + "/headshots")).path("headshots");
        assertThat(headshots.size()).isEqualTo(8);
        AttackTarget.await(
                () -> !node.mails("headshots-ready", EMAIL).isEmpty(), Duration.ofSeconds(30), "the person is told");
    }
}
