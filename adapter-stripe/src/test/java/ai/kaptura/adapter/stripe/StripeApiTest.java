package ai.kaptura.adapter.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.VendorRefusal;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the adapter sends Stripe and how it takes Stripe's failures: the exact form fields (raw, as
 * stripe-java encodes them), nothing personal (R37), idempotency keys on every POST, and clear failures
 * for the job layer — retried inside stripe-java where that is safe, never carrying the secret key.
 */
class StripeApiTest {

    private static final Clock CLOCK = Clock.fixed(VendorFixtures.NOW, ZoneOffset.UTC);
    private static StripeStub stripe;

    private PaymentGateway gateway;
    private Customer ada;

    @BeforeAll
    static void startStripe() {
        stripe = new StripeStub(CLOCK);
    }

    @AfterAll
    static void stopStripe() {
        stripe.close();
    }

    @BeforeEach
    void freshStripe() {
        stripe.reset(CLOCK);
        gateway = StripeAdapter.gateway(
                StripeStub.SECRET_KEY, StripeEvents.WEBHOOK_SECRET, Optional.of(stripe.baseUrl()), CLOCK);
        ada = VendorFixtures.draftCustomer("ada.lovelace@example.org");
    }

    // ---- what a checkout sends ------------------------------------------------------------------

    @Test
    @Tag("R37")
    void a_checkout_posts_the_documented_form_fields_with_raw_bracket_keys_and_the_order_as_the_only_reference() {
        gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"));

        LoggedRequest request = only(postRequestedFor(urlPathEqualTo(StripeStub.CHECKOUT_SESSIONS)));
        String raw = request.getBodyAsString();
        assertThat(raw)
                .contains(
                        "line_items[0][price_data][unit_amount]=2900",
                        "line_items[0][price_data][currency]=eur",
                        "line_items[0][quantity]=1",
                        "mode=payment",
                        "client_reference_id=" + ada.orderId(),
                        "metadata[order]=" + ada.orderId(),
                        "payment_intent_data[metadata][order]=" + ada.orderId());
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");

        Map<String, String> form = StripeStub.form(raw);
        assertThat(form)
                .containsOnly(
                        Map.entry("mode", "payment"),
                        Map.entry("line_items[0][price_data][currency]", "eur"),
                        Map.entry("line_items[0][price_data][unit_amount]", "2900"),
                        Map.entry("line_items[0][price_data][product_data][name]", "Kaptura headshots (starter)"),
                        Map.entry("line_items[0][quantity]", "1"),
                        Map.entry("client_reference_id", ada.orderId().toString()),
                        Map.entry("metadata[order]", ada.orderId().toString()),
                        Map.entry(
                                "payment_intent_data[metadata][order]",
                                ada.orderId().toString()),
                        Map.entry("success_url", "https://kaptura.example/orders/" + ada.orderId() + "?paid=1"),
                        Map.entry("cancel_url", "https://kaptura.example/orders/" + ada.orderId() + "?cancelled=1"));
        assertThat(form.keySet()).noneMatch(k -> k.startsWith("customer"));
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("checkout:" + ada.orderId() + ":1");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + StripeStub.SECRET_KEY);
    }

    @Test
    void a_checkout_answers_stripes_hosted_url_session_id_and_expiry() {
        PaymentGateway.Session session = gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"));

        var atStripe = stripe.session(session.reference());
        assertThat(session.reference())
                .startsWith("cs_test_")
                .isEqualTo(atStripe.get("id").getAsString());
        assertThat(session.url())
                .isEqualTo(atStripe.get("url").getAsString())
                .startsWith("https://checkout.stripe.com/");
        assertThat(session.expiresAt())
                .isEqualTo(VendorFixtures.NOW.plus(Duration.ofHours(24)))
                .isEqualTo(Instant.ofEpochSecond(atStripe.get("expires_at").getAsLong()));
    }

    @Test
    void a_refund_posts_the_payment_intent_and_amount_with_the_callers_idempotency_key() {
        PaymentRef payment = stripe.pay(gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"))
                .reference());

        String refund = gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());

        LoggedRequest request = only(postRequestedFor(urlPathEqualTo(StripeStub.REFUNDS)));
        assertThat(StripeStub.form(request.getBodyAsString()))
                .containsOnly(Map.entry("payment_intent", payment.value()), Map.entry("amount", "2900"));
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("refund:" + ada.orderId());
        assertThat(refund).startsWith("re_").isEqualTo(stripe.refundsOf(payment).getFirst());
    }

    @Test
    @Tag("R37")
    void no_request_body_url_or_header_sent_to_stripe_carries_the_accounts_email_or_id() {
        PaymentGateway.Session session = gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"));
        gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"));
        PaymentRef payment = stripe.pay(session.reference());
        gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());
        stripe.forgetIdempotencyKeys();
        gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId() + ":again");

        List<LoggedRequest> requests = stripe.requests();
        assertThat(requests)
                .extracting(r ->
                        r.getMethod().getName() + " " + URI.create(r.getUrl()).getPath())
                .containsExactly(
                        "POST /v1/checkout/sessions",
                        "POST /v1/checkout/sessions",
                        "POST /v1/refunds",
                        "POST /v1/refunds",
                        "GET /v1/refunds");
        String email = ada.email().value();
        List<String> forbidden = List.of(
                email,
                email.substring(0, email.indexOf('@')),
                ada.id().toString(),
                ada.id().value().toString().replace("-", ""));
        for (LoggedRequest request : requests) {
            List<String> texts = new ArrayList<>();
            texts.add(request.getAbsoluteUrl());
            texts.add(java.net.URLDecoder.decode(request.getUrl(), java.nio.charset.StandardCharsets.UTF_8));
            texts.add(request.getBodyAsString());
            texts.addAll(StripeStub.form(request.getBodyAsString()).values());
            for (HttpHeader header : request.getHeaders().all()) {
                texts.add(header.key() + ": " + String.join(", ", header.values()));
            }
            for (String text : texts) {
                for (String personal : forbidden) {
                    assertThat(text)
                            .as("%s %s", request.getMethod(), request.getUrl())
                            .doesNotContainIgnoringCase(personal);
                }
                assertThat(text).doesNotContainPattern(VendorFixtures.EMAIL_SHAPE);
            }
        }
        assertThat(stripe.everythingSent())
                .anyMatch(s -> s.contains(ada.orderId().toString()));
    }

    // ---- idempotency ----------------------------------------------------------------------------

    @Test
    void a_key_reused_for_a_different_checkout_is_refused_by_stripe_with_its_reason() {
        gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"));
        PaymentGateway.Checkout other = new PaymentGateway.Checkout(
                ada.orderId(),
                Money.of(4900, "EUR"),
                "Kaptura headshots (pro)",
                "checkout:" + ada.orderId() + ":1",
                "https://kaptura.example/ok",
                "https://kaptura.example/cancel");

        assertThatThrownBy(() -> gateway.startCheckout(other))
                .isInstanceOf(StripeFailures.StripeRefused.class)
                .as("the port's word for a refusal, which checkout reports as our fault rather than an outage")
                .isInstanceOf(VendorRefusal.class)
                .hasMessageContaining("Stripe refused to start a checkout for order " + ada.orderId())
                .hasMessageContaining("same parameters")
                .hasMessageContaining("type idempotency_error")
                .hasMessageContaining("HTTP 400");
    }

    @Test
    void a_payment_already_refunded_answers_its_existing_refund_once_stripe_has_forgotten_the_key() {
        PaymentRef payment = stripe.pay(gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"))
                .reference());
        String first = gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());
        stripe.forgetIdempotencyKeys();

        String again = gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());

        assertThat(again).isEqualTo(first);
        assertThat(stripe.refundsOf(payment)).containsExactly(first);
        assertThat(stripe.server().findAll(getRequestedFor(urlPathEqualTo(StripeStub.REFUNDS))))
                .singleElement()
                .satisfies(r -> assertThat(r.getUrl()).contains("payment_intent=" + payment.value()));
    }

    @Test
    void an_idempotency_key_stripe_would_not_accept_is_refused_before_anything_is_sent() {
        PaymentRef payment = new PaymentRef("pi_3Anything000000000000000");

        assertThatThrownBy(() -> gateway.refund(payment, VendorFixtures.PLAN.price(), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idempotency key");
        assertThatThrownBy(() -> gateway.refund(payment, VendorFixtures.PLAN.price(), "k".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> gateway.startCheckout(checkout(ada, " checkout:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrounding spaces");
        assertThat(stripe.requests()).isEmpty();
    }

    // ---- Stripe's failures ----------------------------------------------------------------------

    @Test
    void a_stripe_5xx_is_retried_with_the_same_key_then_a_clear_retryable_failure() {
        stripe.server()
                .stubFor(post(urlPathEqualTo(StripeStub.CHECKOUT_SESSIONS))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withHeader("Content-Type", "application/json")
                                .withHeader("Request-Id", "req_boom")
                                .withBody(StripeStub.errorBody("api_error", null, null, "An unknown error occurred"))));

        assertThatThrownBy(() -> gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1")))
                .isInstanceOf(StripeFailures.StripeUnavailable.class)
                .hasMessageContaining("Stripe failed and could not start a checkout for order " + ada.orderId())
                .hasMessageContaining("An unknown error occurred")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("request req_boom")
                .hasMessageContaining("may be repeated later");

        List<LoggedRequest> attempts =
                stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeStub.CHECKOUT_SESSIONS)));
        assertThat(attempts)
                .hasSize(1 + StripeAdapter.NETWORK_RETRIES)
                .allSatisfy(
                        r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("checkout:" + ada.orderId() + ":1"));
    }

    @Test
    void a_refund_answered_5xx_once_is_retried_with_the_same_key_and_refunds_once() {
        PaymentRef payment = stripe.pay(gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"))
                .reference());
        stripe.server()
                .stubFor(post(urlPathEqualTo(StripeStub.REFUNDS))
                        .atPriority(1)
                        .inScenario("flaky")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(aResponse()
                                .withStatus(503)
                                .withHeader("Content-Type", "application/json")
                                .withBody(StripeStub.errorBody(
                                        "api_error", null, null, "The service is temporarily unavailable")))
                        .willSetStateTo("recovered"));

        String refund = gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());

        assertThat(stripe.refundsOf(payment)).containsExactly(refund);
        assertThat(stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeStub.REFUNDS))))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("refund:" + ada.orderId()));
    }

    @Test
    void a_checkout_whose_answer_is_lost_is_repeated_by_the_adapter_with_the_same_key_and_opens_one_session() {
        String key = "checkout:" + ada.orderId() + ":1";
        stripe.loseAnswers(1);

        PaymentGateway.Session session = gateway.startCheckout(checkout(ada, key));

        List<LoggedRequest> attempts =
                stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeStub.CHECKOUT_SESSIONS)));
        assertThat(attempts)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo(key));
        assertThat(stripe.session(session.reference()).get("id").getAsString())
                .as("the session Stripe opened the first time")
                .isEqualTo(session.reference());
    }

    @Test
    void a_refund_whose_answers_are_all_lost_is_a_retryable_failure_and_its_repeat_refunds_once() {
        PaymentRef payment = stripe.pay(gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"))
                .reference());
        String key = "refund:" + ada.orderId();
        stripe.loseAnswers(1 + StripeAdapter.NETWORK_RETRIES);
        assertThatThrownBy(() -> gateway.refund(payment, VendorFixtures.PLAN.price(), key))
                .isInstanceOf(StripeFailures.StripeUnavailable.class)
                .isNotInstanceOf(VendorRefusal.class)
                .hasMessageContaining("may be repeated later");
        assertThat(stripe.refundsOf(payment))
                .as("Stripe made it; the answer never came")
                .hasSize(1);

        String refund = gateway.refund(payment, VendorFixtures.PLAN.price(), key);

        assertThat(stripe.refundsOf(payment))
                .as("the repeat got the first refund's answer")
                .containsExactly(refund);
        assertThat(stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeStub.REFUNDS))))
                .hasSize(2 + StripeAdapter.NETWORK_RETRIES)
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo(key));
    }

    @Test
    void a_stripe_429_is_a_clear_retryable_failure_left_to_the_job_layer_after_one_attempt() {
        PaymentRef payment = stripe.pay(gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"))
                .reference());
        answerRefunds(
                429,
                StripeStub.errorBody(
                        "invalid_request_error",
                        "rate_limit",
                        null,
                        "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits."));

        assertThatThrownBy(() -> gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId()))
                .isInstanceOf(StripeFailures.StripeUnavailable.class)
                .hasMessageContaining("Stripe is limiting the rate of requests and could not refund payment " + payment)
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("code rate_limit");

        assertThat(stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeStub.REFUNDS))))
                .hasSize(1);
        assertThat(stripe.refundsOf(payment)).isEmpty();
    }

    @Test
    void an_unreachable_stripe_is_a_clear_retryable_failure_after_the_network_retries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PaymentGateway offline = StripeAdapter.gateway(
                StripeStub.SECRET_KEY,
                StripeEvents.WEBHOOK_SECRET,
                Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
                CLOCK);

        assertThatThrownBy(() -> offline.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1")))
                .isInstanceOf(StripeFailures.StripeUnavailable.class)
                .hasMessageContaining("Stripe could not be reached to start a checkout for order " + ada.orderId())
                .hasMessageContaining("nothing is known to have changed");
    }

    @Test
    void a_refusal_names_what_stripe_said_its_code_and_parameter() {
        PaymentRef unknown = new PaymentRef("pi_3NoSuchPayment0000000000");

        assertThatThrownBy(() -> gateway.refund(unknown, VendorFixtures.PLAN.price(), "refund:" + ada.orderId()))
                .isInstanceOf(StripeFailures.StripeRefused.class)
                .hasMessageContaining("Stripe refused to refund payment " + unknown)
                .hasMessageContaining("No such payment_intent: '" + unknown + "'")
                .hasMessageContaining("code resource_missing")
                .hasMessageContaining("parameter payment_intent")
                .hasMessageContaining("HTTP 400");
        assertThat(stripe.server().findAll(postRequestedFor(urlPathEqualTo(StripeStub.REFUNDS))))
                .hasSize(1);
    }

    @Test
    @Tag("R37")
    void a_rejected_api_key_is_reported_without_the_key_even_when_stripe_echoes_it() {
        String wrongKey = "sk_test_51WrongKeyThatMustNeverBeLogged99";
        PaymentGateway wrong =
                StripeAdapter.gateway(wrongKey, StripeEvents.WEBHOOK_SECRET, Optional.of(stripe.baseUrl()), CLOCK);

        assertThatThrownBy(() -> wrong.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1")))
                .isInstanceOf(StripeFailures.StripeRefused.class)
                .hasMessageContaining("Invalid API Key provided")
                .hasMessageContaining("HTTP 401")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage()))
                                .doesNotContain(wrongKey)
                                .doesNotContain("WrongKeyThatMustNever");
                    }
                });
    }

    @Test
    void a_refund_stripe_answers_as_failed_is_an_error_not_a_reference() {
        PaymentRef payment = stripe.pay(gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"))
                .reference());
        answerRefunds(
                200,
                "{\"id\":\"re_3Failed00000000000000\",\"object\":\"refund\",\"amount\":2900,\"currency\":\"eur\","
                        + "\"payment_intent\":\"" + payment
                        + "\",\"status\":\"failed\",\"failure_reason\":\"expired_or_canceled_card\"}");

        assertThatThrownBy(() -> gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId()))
                .isInstanceOf(StripeFailures.StripeRefused.class)
                .hasMessageContaining("re_3Failed00000000000000")
                .hasMessageContaining("status is failed (expired_or_canceled_card)");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Makes the stub answer every refund request with {@code status} and the JSON {@code body}, ahead of its own answers. */
    private static void answerRefunds(int status, String body) {
        stripe.server()
                .stubFor(post(urlPathEqualTo(StripeStub.REFUNDS))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "application/json")
                                .withBody(body)));
    }

    private static LoggedRequest only(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<LoggedRequest> found = stripe.server().findAll(pattern);
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    static PaymentGateway.Checkout checkout(Customer who, String key) {
        return new PaymentGateway.Checkout(
                who.orderId(),
                VendorFixtures.PLAN.price(),
                "Kaptura headshots (" + VendorFixtures.PLAN.id() + ")",
                key,
                "https://kaptura.example/orders/" + who.orderId() + "?paid=1",
                "https://kaptura.example/orders/" + who.orderId() + "?cancelled=1");
    }
}
