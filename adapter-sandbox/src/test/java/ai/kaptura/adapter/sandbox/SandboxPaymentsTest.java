package ai.kaptura.adapter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.InMemorySandboxRecords;
import ai.kaptura.ports.out.fake.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sandbox payments beyond the contract: the checkout page, real deliveries to the webhook endpoint, refusals. */
class SandboxPaymentsTest {

    private static final String SECRET = "whsec_sandbox_payments_0123456789";
    private static final String WEBHOOK = "/webhooks/payments";

    private final MutableClock clock = MutableClock.at(VendorFixtures.NOW);
    private final InMemorySandboxRecords records = new InMemorySandboxRecords();
    private final LocalEndpoint app = new LocalEndpoint();
    private final List<SandboxPayments> opened = new ArrayList<>();
    private final SandboxPayments sandbox = sandbox(app.base());
    private final Customer ada = VendorFixtures.draftCustomer("ada.lovelace@example.org");

    @AfterEach
    void stop() {
        opened.forEach(SandboxPayments::close);
        app.close();
    }

    // ---- the checkout page ----------------------------------------------------------------------

    @Test
    @Tag("R37")
    void a_checkout_is_a_page_of_the_app_under_sandbox_with_an_opaque_reference_for_a_day() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));

        assertThat(session.url()).isEqualTo(app.base() + "/sandbox/checkout/" + session.reference());
        assertThat(session.reference())
                .matches("cs_sbx_[0-9a-f]{32}")
                .doesNotContain(ada.orderId().toString());
        assertThat(session.expiresAt()).isEqualTo(VendorFixtures.NOW.plus(Duration.ofHours(24)));
        assertThat(sandbox.page(session.reference(), clock.instant()))
                .hasValue(new LocalCheckout.Page(
                        session.reference(),
                        ada.orderId(),
                        VendorFixtures.PLAN.price(),
                        "Kaptura headshots",
                        session.expiresAt(),
                        success(ada),
                        cancelled(ada),
                        LocalCheckout.State.OPEN));
        assertThat(sandbox.page("cs_sbx_unknown", clock.instant())).isEmpty();
        assertThat(sandbox.page(null, clock.instant())).isEmpty();
        assertThat(app.requests()).as("starting a checkout sends nothing").isEmpty();
    }

    @Test
    void paying_posts_one_signed_event_to_the_webhook_endpoint_that_decodes_to_paid_for_the_order() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));

        String next = sandbox.pay(session.reference(), clock.instant());
        String again = sandbox.pay(session.reference(), clock.instant());

        assertThat(next).isEqualTo(success(ada));
        assertThat(again).isEqualTo(success(ada));
        List<LocalEndpoint.Request> events = app.requestsTo(WEBHOOK);
        assertThat(events).as("paying twice sends one event").hasSize(1);
        LocalEndpoint.Request event = events.getFirst();
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.path()).isEqualTo(WEBHOOK);
        PaymentEvent decoded = ok(sandbox.decodeWebhook(event.body(), event.headers()));
        assertThat(decoded).isInstanceOf(PaymentEvent.Paid.class);
        PaymentEvent.Paid paid = (PaymentEvent.Paid) decoded;
        assertThat(paid.order()).isEqualTo(ada.orderId());
        assertThat(paid.checkout()).isEqualTo(new CheckoutRef(session.reference()));
        assertThat(paid.amount()).isEqualTo(VendorFixtures.PLAN.price());
        assertThat(paid.eventId()).startsWith("evt_sbx_");
        assertThat(paid.payment().value()).startsWith("pi_sbx_");
        assertThat(sandbox.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.PAID);
    }

    @Test
    void the_app_decodes_the_payment_while_the_page_waits_for_its_answer() {
        List<PaymentEvent> decodedByTheApp = new java.util.concurrent.CopyOnWriteArrayList<>();
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        List<LocalCheckout.State> pageMeanwhile = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.answer(request -> {
            pageMeanwhile.add(sandbox.page(session.reference(), clock.instant())
                    .orElseThrow()
                    .state());
            return switch (sandbox.decodeWebhook(request.body(), request.headers())) {
                case Result.Ok<PaymentEvent> ok -> {
                    decodedByTheApp.add(ok.value());
                    yield 200;
                }
                case Result.Refused<PaymentEvent> refused -> 400;
            };
        });

        sandbox.pay(session.reference(), clock.instant());

        assertThat(decodedByTheApp)
                .singleElement()
                .isInstanceOfSatisfying(
                        PaymentEvent.Paid.class,
                        paid -> assertThat(paid.order()).isEqualTo(ada.orderId()));
        assertThat(pageMeanwhile)
                .as("the page answers while the event is on its way, and it is not paid before the app says so")
                .containsExactly(LocalCheckout.State.OPEN);
    }

    @Test
    void the_webhook_signature_follows_stripes_scheme() throws GeneralSecurityException {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());
        LocalEndpoint.Request event = app.requestsTo(WEBHOOK).getFirst();
        long t = clock.instant().getEpochSecond();

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "t=" + t + ",v1="
                + HexFormat.of().formatHex(mac.doFinal((t + "." + event.text()).getBytes(StandardCharsets.UTF_8)));

        assertThat(event.headers().entrySet())
                .filteredOn(h -> h.getKey().equalsIgnoreCase("Kaptura-Sandbox-Signature"))
                .singleElement()
                .satisfies(h -> assertThat(h.getValue()).containsExactly(expected));
    }

    @Test
    void cancelling_posts_checkout_expired_once_and_answers_the_cancel_address() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));

        String next = sandbox.cancel(session.reference(), clock.instant());
        String again = sandbox.cancel(session.reference(), clock.instant());

        assertThat(next).isEqualTo(cancelled(ada));
        assertThat(again).isEqualTo(cancelled(ada));
        List<LocalEndpoint.Request> events = app.requestsTo(WEBHOOK);
        assertThat(events).hasSize(1);
        PaymentEvent decoded = ok(sandbox.decodeWebhook(
                events.getFirst().body(), events.getFirst().headers()));
        assertThat(decoded)
                .isEqualTo(new PaymentEvent.CheckoutExpired(
                        decoded.eventId(), ada.orderId(), new CheckoutRef(session.reference())));
        assertThat(sandbox.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.CANCELLED);
        assertThatThrownBy(() -> sandbox.pay(session.reference(), clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cancelled");
        assertThat(app.requestsTo(WEBHOOK)).hasSize(1);
    }

    @Test
    void a_paid_checkout_cannot_be_cancelled() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());

        assertThatThrownBy(() -> sandbox.cancel(session.reference(), clock.instant()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(app.requestsTo(WEBHOOK)).hasSize(1);
    }

    @Test
    void an_expired_checkout_cannot_be_paid_and_sends_nothing() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        Instant later = session.expiresAt();

        assertThat(sandbox.page(session.reference(), later.minusSeconds(1))
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.OPEN);
        assertThat(sandbox.page(session.reference(), later).orElseThrow().state())
                .isEqualTo(LocalCheckout.State.EXPIRED);
        assertThatThrownBy(() -> sandbox.pay(session.reference(), later))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> sandbox.pay("cs_sbx_nothing", clock.instant()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(app.requests()).isEmpty();
    }

    @Test
    void a_payment_the_app_does_not_accept_fails_loudly_and_paying_again_sends_the_same_event() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        app.answer(503);

        assertThatThrownBy(() -> sandbox.pay(session.reference(), clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(sandbox.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.OPEN);

        app.answer(200);
        sandbox.pay(session.reference(), clock.instant());

        List<LocalEndpoint.Request> events = app.requestsTo(WEBHOOK);
        assertThat(events).hasSize(2);
        assertThat(events)
                .extracting(LocalEndpoint.Request::text)
                .containsOnly(events.getFirst().text());
        assertThat(sandbox.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.PAID);
    }

    @Test
    void a_payment_with_no_app_listening_fails_with_a_clear_message() {
        LocalEndpoint gone = new LocalEndpoint();
        URI nowhere = gone.base();
        gone.close();
        SandboxPayments offline = sandbox(nowhere);
        PaymentGateway.Session session = offline.startCheckout(checkout(ada, "checkout:1"));

        assertThatThrownBy(() -> offline.pay(session.reference(), clock.instant()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not deliver the payment event");
        assertThat(offline.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.OPEN);
    }

    // ---- refunds --------------------------------------------------------------------------------

    @Test
    void a_refund_posts_charge_refunded_for_the_order_once_and_is_idempotent() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());
        PaymentRef payment =
                ((PaymentEvent.Paid) ok(decode(app.requestsTo(WEBHOOK).getFirst()))).payment();

        String refund = sandbox.refund(payment, VendorFixtures.PLAN.price(), "refund:1");
        String again = sandbox.refund(payment, VendorFixtures.PLAN.price(), "refund:1");

        assertThat(refund).startsWith("re_sbx_").isEqualTo(again);
        List<LocalEndpoint.Request> events = app.requestsTo(WEBHOOK);
        assertThat(events).hasSize(2);
        assertThat(ok(decode(events.getLast()))).isInstanceOfSatisfying(PaymentEvent.Refunded.class, r -> {
            assertThat(r.order()).isEqualTo(ada.orderId());
            assertThat(r.payment()).isEqualTo(payment);
        });
        assertThat(sandbox.refundsOf(payment)).isEqualTo(1);
        assertThatThrownBy(() -> sandbox.refund(payment, VendorFixtures.PLAN.price(), "refund:2"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_refund_is_in_full_of_a_known_payment() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());
        PaymentRef payment =
                ((PaymentEvent.Paid) ok(decode(app.requestsTo(WEBHOOK).getFirst()))).payment();

        assertThatThrownBy(() -> sandbox.refund(payment, Money.of(100, "EUR"), "refund:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in full");
        assertThatThrownBy(
                        () -> sandbox.refund(new PaymentRef("pi_sbx_unknown"), VendorFixtures.PLAN.price(), "refund:2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sandbox.refundsOf(payment)).isZero();
    }

    @Test
    void a_refund_the_app_does_not_accept_fails_and_its_retry_sends_the_same_event() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());
        PaymentRef payment =
                ((PaymentEvent.Paid) ok(decode(app.requestsTo(WEBHOOK).getFirst()))).payment();
        app.answer(500);

        assertThatThrownBy(() -> sandbox.refund(payment, VendorFixtures.PLAN.price(), "refund:1"))
                .isInstanceOf(IllegalStateException.class);
        app.answer(200);
        String refund = sandbox.refund(payment, VendorFixtures.PLAN.price(), "refund:1");

        List<LocalEndpoint.Request> refunds = app.requestsTo(WEBHOOK).stream()
                .filter(r -> r.text().contains("charge.refunded"))
                .toList();
        assertThat(refunds)
                .hasSize(2)
                .extracting(LocalEndpoint.Request::text)
                .containsOnly(refunds.getFirst().text());
        assertThat(refund).startsWith("re_sbx_");
        assertThat(sandbox.refundsOf(payment)).isEqualTo(1);
    }

    // ---- refusing webhooks ----------------------------------------------------------------------

    @Test
    void a_delivered_event_replayed_after_five_minutes_is_refused() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());
        LocalEndpoint.Request event = app.requestsTo(WEBHOOK).getFirst();

        clock.advance(Duration.ofMinutes(5));
        assertThat(decode(event)).isInstanceOf(Result.Ok.class);
        clock.advance(Duration.ofSeconds(1));

        assertRefused(decode(event), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_forged_or_altered_event_is_refused() {
        PaymentGateway.Session session = sandbox.startCheckout(checkout(ada, "checkout:1"));
        sandbox.pay(session.reference(), clock.instant());
        LocalEndpoint.Request event = app.requestsTo(WEBHOOK).getFirst();
        byte[] altered = event.text()
                .replace(
                        ada.orderId().toString(),
                        VendorFixtures.draftCustomer("x@example.org").orderId().toString())
                .getBytes(StandardCharsets.UTF_8);
        SandboxPayments otherSandbox = (SandboxPayments) SandboxAdapter.payments(
                app.base(),
                "whsec_another_sandbox_0123456789".getBytes(StandardCharsets.UTF_8),
                clock,
                new InMemorySandboxRecords());
        opened.add(otherSandbox);

        assertRefused(sandbox.decodeWebhook(altered, event.headers()), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(otherSandbox.decodeWebhook(event.body(), event.headers()), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(
                sandbox.decodeWebhook(event.body(), Map.of("Stripe-Signature", List.of(header(event)))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void
            a_signed_payment_event_reports_the_checkout_and_the_amount_it_states_and_leaves_judging_them_to_the_application() {
        byte[] foreign = PaymentEvents.checkoutCompleted(
                "evt_sbx_foreign",
                clock.instant(),
                "cs_sbx_not_one_of_ours",
                ada.orderId(),
                new PaymentRef("pi_sbx_foreign"),
                Money.of(100, "USD"));

        assertThat(ok(sandbox.decodeWebhook(foreign, signed(foreign))))
                .isEqualTo(new PaymentEvent.Paid(
                        "evt_sbx_foreign",
                        ada.orderId(),
                        new CheckoutRef("cs_sbx_not_one_of_ours"),
                        Money.of(100, "USD"),
                        new PaymentRef("pi_sbx_foreign")));
    }

    @Test
    void a_signed_payment_event_without_a_usable_checkout_or_amount_is_refused_as_malformed() {
        String paid =
                "{\"id\":\"evt_sbx_1\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{%s\"client_reference_id\":\""
                        + ada.orderId() + "\",\"payment_status\":\"paid\",\"payment_intent\":\"pi_sbx_1\"%s}}}";
        List<String> unusable = List.of(
                paid.formatted("", ",\"amount_total\":2900,\"currency\":\"eur\""),
                paid.formatted("\"id\":\"cs_sbx_1\",", ""),
                paid.formatted("\"id\":\"cs_sbx_1\",", ",\"amount_total\":29.5,\"currency\":\"eur\""),
                paid.formatted("\"id\":\"cs_sbx_1\",", ",\"amount_total\":-2900,\"currency\":\"eur\""),
                paid.formatted("\"id\":\"cs_sbx_1\",", ",\"amount_total\":\"2900\",\"currency\":\"eur\""),
                paid.formatted("\"id\":\"cs_sbx_1\",", ",\"amount_total\":2900,\"currency\":\"euro\""),
                paid.formatted("\"id\":\"cs sbx 1\",", ",\"amount_total\":2900,\"currency\":\"eur\""));
        byte[] usable = paid.formatted("\"id\":\"cs_sbx_1\",", ",\"amount_total\":2900,\"currency\":\"eur\"")
                .getBytes(StandardCharsets.UTF_8);

        for (String event : unusable) {
            byte[] body = event.getBytes(StandardCharsets.UTF_8);
            assertRefused(sandbox.decodeWebhook(body, signed(body)), Rejection.Reason.EVENT_MALFORMED);
        }
        assertThat(ok(sandbox.decodeWebhook(usable, signed(usable)))).isInstanceOf(PaymentEvent.Paid.class);
    }

    @Test
    void hostile_webhooks_never_make_decoding_throw() {
        byte[] noise = VendorFixtures.pseudoRandomBytes(9, 1024);
        byte[] deep = ("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        java.util.Map<String, List<String>> nulls = new java.util.HashMap<>();
        nulls.put(null, null);

        assertThatCode(() -> {
                    assertThat(sandbox.decodeWebhook(null, null)).isInstanceOf(Result.Refused.class);
                    assertThat(sandbox.decodeWebhook(noise, nulls)).isInstanceOf(Result.Refused.class);
                    assertRefused(sandbox.decodeWebhook(noise, signed(noise)), Rejection.Reason.EVENT_MALFORMED);
                    assertRefused(sandbox.decodeWebhook(deep, signed(deep)), Rejection.Reason.EVENT_MALFORMED);
                    byte[] notAnOrder =
                            ("{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"client_reference_id\":"
                                            + "\"ada@example.org\",\"payment_status\":\"paid\",\"payment_intent\":\"pi_1\"}}}")
                                    .getBytes(StandardCharsets.UTF_8);
                    assertRefused(
                            sandbox.decodeWebhook(notAnOrder, signed(notAnOrder)), Rejection.Reason.EVENT_MALFORMED);
                    byte[] twice = "{\"id\":\"evt_1\",\"type\":\"customer.created\",\"type\":\"charge.refunded\"}"
                            .getBytes(StandardCharsets.UTF_8);
                    assertRefused(sandbox.decodeWebhook(twice, signed(twice)), Rejection.Reason.EVENT_MALFORMED);
                    assertRefused(
                            sandbox.decodeWebhook(
                                    noise,
                                    Map.of(Signatures.HEADER, List.of("t=99999999999999999999,v1=" + "0".repeat(64)))),
                            Rejection.Reason.EVENT_NOT_AUTHENTIC);
                })
                .doesNotThrowAnyException();
    }

    // ---- the entry ------------------------------------------------------------------------------

    @Test
    void the_checkout_page_is_the_sandbox_gateway_itself_and_no_other() {
        PaymentGateway gateway =
                SandboxAdapter.payments(app.base(), SECRET.getBytes(StandardCharsets.UTF_8), clock, records);
        opened.add((SandboxPayments) gateway);

        assertThat(SandboxAdapter.checkoutPage(gateway)).isSameAs(gateway);
        assertThat(gateway).isInstanceOf(AutoCloseable.class);
        assertThat(gateway.processorName()).isEmpty();
        assertThatThrownBy(() -> SandboxAdapter.checkoutPage(new FakePaymentGateway(SECRET, clock)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox");
        assertThatThrownBy(() -> SandboxAdapter.payments(
                        URI.create("kaptura.example"), SECRET.getBytes(StandardCharsets.UTF_8), clock, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAPTURA_BASE_URL");
        assertThatThrownBy(() -> gateway.startCheckout(new PaymentGateway.Checkout(
                        ada.orderId(), VendorFixtures.PLAN.price(), "x", "k", "/relative", cancelled(ada))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("success");
    }

    // ---- helpers --------------------------------------------------------------------------------

    @Test
    void a_restarted_sandbox_forgets_no_checkout_payment_or_refund() {
        SandboxPayments before = kept(app.base());
        PaymentGateway.Session open = before.startCheckout(checkout(ada, "checkout:open"));
        Customer bob = VendorFixtures.draftCustomer("bob@example.org");
        PaymentGateway.Session paidSession = before.startCheckout(checkout(bob, "checkout:paid"));
        before.pay(paidSession.reference(), clock.instant());
        PaymentRef payment = ((PaymentEvent.Paid) ok(before.decodeWebhook(
                        app.requestsTo(WEBHOOK).getFirst().body(),
                        app.requestsTo(WEBHOOK).getFirst().headers())))
                .payment();
        // A crash: nothing is closed; a new gateway starts on the same shared records.
        SandboxPayments after = kept(app.base());

        assertThat(after.page(open.reference(), clock.instant()))
                .as("the open checkout's page still answers")
                .hasValueSatisfying(page -> assertThat(page.state()).isEqualTo(LocalCheckout.State.OPEN));
        assertThat(after.startCheckout(checkout(ada, "checkout:open")))
                .as("the same key, the same session")
                .isEqualTo(open);
        assertThat(after.page(paidSession.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.PAID);
        assertThat(after.pay(paidSession.reference(), clock.instant()))
                .as("paid once, not again")
                .isEqualTo(success(bob));
        assertThat(app.requestsTo(WEBHOOK)).hasSize(1);
        String refund = after.refund(payment, VendorFixtures.PLAN.price(), "refund:1");
        assertThat(kept(app.base()).refund(payment, VendorFixtures.PLAN.price(), "refund:1"))
                .as("a refund asked again after another restart is the same refund")
                .isEqualTo(refund);
        assertThat(app.requestsTo(WEBHOOK))
                .as("the payment event and one refund event")
                .hasSize(2);
        assertThat(records.everything().values())
                .isNotEmpty()
                .allSatisfy(body -> assertThat(new String(body, StandardCharsets.UTF_8))
                        .doesNotContain("ada.lovelace")
                        .doesNotContain("bob@")
                        .as("the idempotency keys are kept as their hashes")
                        .doesNotContain("checkout:open")
                        .doesNotContain("refund:1"));
    }

    private SandboxPayments kept(URI base) {
        return sandbox(base);
    }

    private SandboxPayments sandbox(URI base) {
        SandboxPayments sandbox = (SandboxPayments)
                SandboxAdapter.payments(base, SECRET.getBytes(StandardCharsets.UTF_8), clock, records);
        opened.add(sandbox);
        return sandbox;
    }

    private static PaymentGateway.Checkout checkout(Customer who, String key) {
        return new PaymentGateway.Checkout(
                who.orderId(), VendorFixtures.PLAN.price(), "Kaptura headshots", key, success(who), cancelled(who));
    }

    private static String success(Customer who) {
        return "https://kaptura.example/orders/" + who.orderId() + "?paid=1";
    }

    private static String cancelled(Customer who) {
        return "https://kaptura.example/orders/" + who.orderId() + "?cancelled=1";
    }

    private Result<PaymentEvent> decode(LocalEndpoint.Request request) {
        return sandbox.decodeWebhook(request.body(), request.headers());
    }

    private Map<String, List<String>> signed(byte[] body) {
        return Map.of(
                Signatures.HEADER,
                List.of(Signatures.header(SECRET.getBytes(StandardCharsets.UTF_8), clock.instant(), body)));
    }

    private static String header(LocalEndpoint.Request request) {
        return request.headers().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(Signatures.HEADER))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getFirst();
    }

    private static PaymentEvent ok(Result<PaymentEvent> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<PaymentEvent>) result).value();
    }

    private static void assertRefused(Result<PaymentEvent> result, Rejection.Reason reason) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        Rejection why = ((Result.Refused<PaymentEvent>) result).why();
        assertThat(why.reason()).as("refused because: %s", why.detail()).isEqualTo(reason);
    }
}
