package ai.kaptura.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.VendorCheck;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./kaptura vendors check} for Stripe, against the stub (no network here): in test mode only, a Checkout
 * Session created and expired, the webhook endpoint found with Kaptura's events, and Kaptura's webhook address
 * answering (a local server that refuses unsigned posts with 400, as Kaptura does).
 */
class StripeCheckTest {

    private final StripeStub stripe = new StripeStub(Clock.systemUTC());
    private final HttpServer kaptura;
    private final URI webhook;

    StripeCheckTest() throws IOException {
        kaptura = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        kaptura.createContext("/webhooks/payments", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        kaptura.start();
        webhook = URI.create("http://127.0.0.1:" + kaptura.getAddress().getPort() + "/webhooks/payments");
    }

    @AfterEach
    void stop() {
        stripe.close();
        kaptura.stop(0);
    }

    @Test
    void the_check_creates_and_expires_a_session_finds_the_endpoint_and_reaches_it_in_test_mode() {
        stripe.addWebhookEndpoint(webhook.toString(), "enabled", StripeCheck.EVENTS);

        VendorCheck report = StripeAdapter.check(StripeStub.SECRET_KEY, Optional.of(stripe.baseUrl()), webhook);

        assertThat(report.passed()).as(report.toString()).isTrue();
        assertThat(report.steps())
                .extracting(VendorCheck.Step::what)
                .containsExactly(
                        "test mode",
                        "create a Checkout Session",
                        "expire it",
                        "a webhook endpoint posts to " + webhook + " with the events Kaptura acts on",
                        webhook + " answers");
        assertThat(report.leftBehind()).isEmpty();
        assertThat(stripe.everythingSent()).anyMatch(line -> line.contains("/expire"));
    }

    @Test
    void a_live_key_is_refused_before_anything_is_asked() {
        VendorCheck report = StripeAdapter.check("sk_live_51KapturaLiveKey", Optional.of(stripe.baseUrl()), webhook);

        assertThat(report.passed()).isFalse();
        assertThat(report.steps())
                .singleElement()
                .satisfies(s ->
                        assertThat(s.detail()).contains("test mode only").doesNotContain("sk_live_51KapturaLiveKey"));
        assertThat(stripe.everythingSent()).isEmpty();
    }

    @Test
    void a_missing_event_and_an_address_nobody_answers_are_said() {
        stripe.addWebhookEndpoint(webhook.toString(), "enabled", List.of("checkout.session.completed"));
        kaptura.stop(0);

        VendorCheck report = StripeAdapter.check(StripeStub.SECRET_KEY, Optional.of(stripe.baseUrl()), webhook);

        assertThat(report.passed()).isFalse();
        assertThat(report.steps().get(3).detail()).contains("does not send checkout.session.async_payment_succeeded");
        assertThat(report.steps().get(4).detail()).contains("not reached from here");
        assertThat(report.leftBehind())
                .as("the session was expired all the same")
                .isEmpty();
    }
}
