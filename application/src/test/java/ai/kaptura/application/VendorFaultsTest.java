package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.FakeProcessorObligations;
import ai.kaptura.ports.out.fake.FaultSchedule;
import ai.kaptura.ports.out.fake.Flaky;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ten people order headshots while every vendor fails 30 % of its calls on a seeded schedule — the AI vendor (train,
 * generate, status, download, delete, verify, erase), the payment processor (checkout, refund, erase) and the email
 * processor (every message, erase) — half of them 5xx (nothing done), half timeouts (done, answer lost); and every
 * callback and webhook comes one to three times, shuffled, minutes or hours late. Two withdraw or lose their order to
 * the vendor, two ask for erasure, one pays twice. Time is simulated, five minutes a step, until everything settles.
 *
 * <p>Every order ends delivered, with exactly its plan's headshots, or refunded; nobody is charged twice and no
 * delivered order is refunded; no selfie is left; every vendor model is deleted and confirmed gone (R2, R14); every
 * erasure closes with evidence for each location (R27); no job gave up (R48); the alarms raised on the way have all
 * cleared (R49); and the audit chain verifies (R46).
 */
@Tag("faults")
@Tag("R2")
@Tag("R10")
@Tag("R14")
@Tag("R27")
@Tag("R46")
@Tag("R48")
@Tag("R49")
class VendorFaultsTest {

    /**
     * The schedule's seed: fixed, so every run fails the same calls; {@code -Dkaptura.faults.seed=N} tries another. This one
     * once found two bugs: a collection job of an order erased while it waited for its retry died; and a model made by a
     * submission whose answer was lost was never deleted when the person withdrew before the retry.
     */
    private static final long SEED = Long.getLong("kaptura.faults.seed", 46L);

    private static final double FAULT_RATE = 0.30;
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Duration TRAINING_TAKES = Duration.ofMinutes(40);
    private static final Duration GENERATING_TAKES = Duration.ofMinutes(30);
    private static final Duration SETTLES_WITHIN = Duration.ofDays(5);

    private static final String ASTRIA = "astria";
    private static final String STRIPE = "stripe";
    private static final String RESEND = "resend";

    /** What each person does, and what happens to their order. */
    private enum Story {
        DELIVERED,
        /** Starts checkout twice and pays in both tabs: the second payment is refunded, the order delivered. */
        PAYS_TWICE,
        /**
         * Withdraws consent (R7) as soon as the vendor holds the selfies — when the submission's answer was lost, before the
         * order knows its model: cancelled, refunded, and the model deleted all the same.
         */
        WITHDRAWS_ONCE_THE_VENDOR_HAS_THE_SELFIES,
        /** The vendor cannot train the model and calls back "failed": failed, refunded. */
        VENDOR_FAILS_TRAINING,
        /** Asks for erasure while the headshots are generated (R27): cancelled, refunded, erased. */
        ERASES_WHILE_GENERATING,
        /** Asks for erasure once delivered. */
        ERASES_AFTER_DELIVERY;

        boolean erases() {
            return this == ERASES_WHILE_GENERATING || this == ERASES_AFTER_DELIVERY;
        }

        /** Whether the person keeps one payment (delivered), or none (refunded). */
        boolean keepsAPayment() {
            return this == DELIVERED || this == PAYS_TWICE || this == ERASES_AFTER_DELIVERY;
        }
    }

    private final FaultSchedule faults = new FaultSchedule(SEED, FAULT_RATE);
    /** Decides how often, how late and in which order callbacks and webhooks arrive. */
    private final Random network = new Random(SEED + 1);

    private final FakeProcessorObligations astriaAccount = new FakeProcessorObligations(ASTRIA);
    private final FakeProcessorObligations stripeAccount = new FakeProcessorObligations(STRIPE);
    private final FakeProcessorObligations resendAccount = new FakeProcessorObligations(RESEND);
    private FakeHeadshotGenerator astria;
    private FakePaymentGateway stripe;
    private final TestKaptura k = new TestKaptura(
                    clock -> Flaky.vendor(
                            HeadshotGenerator.class,
                            astria = new FakeHeadshotGenerator("generator-secret", clock),
                            ASTRIA,
                            faults),
                    clock -> Flaky.vendor(
                            PaymentGateway.class, stripe = new FakePaymentGateway("whsec_test", clock), STRIPE, faults),
                    List.of(flaky(astriaAccount), flaky(stripeAccount), flaky(resendAccount)),
                    Optional.of(RESEND))
            .withPolicy();
    private final Mailbag mailbag = new Mailbag();
    private final List<Person> people = new ArrayList<>();

    VendorFaultsTest() {
        k.stores.processors().register(astriaAccount.registryEntry(DataCategory.SELFIE, DataCategory.VENDOR_MODEL));
        k.stores.processors().register(stripeAccount.registryEntry(DataCategory.ORDER, DataCategory.PAYMENT_RECORD));
        k.stores.processors().register(resendAccount.registryEntry(DataCategory.ACCOUNT));
        stripeAccount.retainsPayments(true);
        // Resend: the same schedule decides whether it takes a message, answers 5xx, or takes it and times out.
        k.mailProcessorAnswer.set(mail -> switch (faults.next(RESEND)) {
            case NONE -> null;
            case UNAVAILABLE -> FaultSchedule.failure(RESEND, "send", FaultSchedule.Fault.UNAVAILABLE);
            case ANSWER_LOST -> {
                k.mailer.send(mail);
                yield FaultSchedule.failure(RESEND, "send", FaultSchedule.Fault.ANSWER_LOST);
            }
        });
    }

    private ProcessorObligations flaky(FakeProcessorObligations processor) {
        return Flaky.vendor(ProcessorObligations.class, processor, processor.processorName(), faults);
    }

    @Test
    void
            every_order_ends_delivered_or_refunded_and_every_deletion_completes_while_every_vendor_fails_30_percent_of_its_calls() {
        List<Story> stories = List.of(
                Story.DELIVERED,
                Story.PAYS_TWICE,
                Story.WITHDRAWS_ONCE_THE_VENDOR_HAS_THE_SELFIES,
                Story.DELIVERED,
                Story.VENDOR_FAILS_TRAINING,
                Story.ERASES_WHILE_GENERATING,
                Story.DELIVERED,
                Story.ERASES_AFTER_DELIVERY,
                Story.DELIVERED,
                Story.DELIVERED);
        for (int i = 0; i < stories.size(); i++) {
            Person person = new Person("person" + i + "@example.com", stories.get(i));
            people.add(person);
            person.ordersAndPays();
            k.clock.advance(Duration.ofMinutes(1));
        }

        Instant giveUpAt = k.clock.instant().plus(SETTLES_WITHIN);
        while (!settled()) {
            if (k.clock.instant().isAfter(giveUpAt)) {
                fail("Not settled after " + SETTLES_WITHIN.toDays() + " days: "
                        + people.stream()
                                .filter(p -> !p.settled())
                                .map(Person::describe)
                                .toList() + "; alarms " + k.stores.alarms().raised() + "; jobs "
                        + k.stores.jobs().scheduled() + "; dead jobs "
                        + k.stores.jobs().dead() + "; job failures other than injected faults "
                        + k.failedJobs.stream()
                                .filter(f -> !f.contains("(injected"))
                                .distinct()
                                .toList() + "; on the way "
                        + mailbag.onTheWay.size());
            }
            step();
        }

        int delivered = 0;
        int refunded = 0;
        int doubleCharges = 0;
        Set<ModelRef> models = new LinkedHashSet<>();
        for (Person p : people) {
            models.addAll(p.models);
            k.book.find(p.journey.order).flatMap(Order::model).ifPresent(model -> models.add(model.ref()));
            int net = p.payments.size()
                    - p.payments.stream()
                            .mapToInt(pay -> stripe.refundsOf(pay).size())
                            .sum();
            doubleCharges += Math.max(0, net - 1);
            assertThat(p.payments)
                    .as(p.email + ": never a refund of a refund")
                    .allSatisfy(pay -> assertThat(stripe.refundsOf(pay)).hasSizeLessThan(2));
            assertThat(net).as(p.email + ": the payments kept").isEqualTo(p.story.keepsAPayment() ? 1 : 0);
            if (p.story.erases()) {
                PrivacyRequest erasure = k.request(p.erasure);
                assertThat(erasure.isOpen()).as(p.email + ": erasure closed").isFalse();
                assertThat(erasure.checklist().orElseThrow().isComplete())
                        .as(p.email + ": an outcome for every location")
                        .isTrue();
                assertThat(erasure.checklist().orElseThrow().items())
                        .as(p.email + ": every location, each processor too")
                        .hasSize(2 + 3);
                assertThat(k.book.find(p.journey.order))
                        .as(p.email + ": the order is erased")
                        .isEmpty();
                assertThat(k.vault.countOf(p.journey.account))
                        .as(p.email + ": nothing left in the vault")
                        .isZero();
                continue;
            }
            Order order = p.journey.current();
            if (p.story.keepsAPayment()) {
                delivered++;
                assertThat(order.status()).as(p.email).isEqualTo(OrderStatus.DELIVERED);
                assertThat(order.headshots())
                        .as(p.email + ": exactly the plan's headshots")
                        .hasSize(order.headshotsOrdered());
                assertThat(k.vault.countOf(p.journey.account))
                        .as(p.email + ": the headshots, and no selfie, in the vault")
                        .isEqualTo(order.headshotsOrdered());
                assertThat(stripe.refundsOf(order.payment().orElseThrow()))
                        .as(p.email + ": the delivered order's payment is kept")
                        .isEmpty();
            } else {
                refunded++;
                assertThat(order.status()).as(p.email).isEqualTo(OrderStatus.REFUNDED);
                assertThat(k.vault.countOf(p.journey.account))
                        .as(p.email + ": no selfie in the vault")
                        .isZero();
            }
            assertThat(order.selfies())
                    .as(p.email + ": every selfie deleted (R10)")
                    .allMatch(Selfie.Deleted.class::isInstance);
            assertThat(order.model().orElseThrow())
                    .as(p.email + ": the model's deletion confirmed (R14)")
                    .isInstanceOf(VendorModel.DeletionConfirmed.class);
        }
        assertThat(doubleCharges).isZero();
        long selfiesLeft = k.vault.list(Optional.empty(), 10_000).stream()
                .filter(photo -> photo.ref().key().startsWith("selfie/"))
                .count();
        assertThat(selfiesLeft).isZero();
        assertThat(models)
                .as("one model per order: every order reached the vendor")
                .hasSize(people.size());
        assertThat(astria.modelsTrained())
                .as("a retried training never made a second model (R2)")
                .isEqualTo(models.size());
        assertThat(models)
                .allSatisfy(model -> assertThat(astria.trainingImagesOf(model))
                        .as("the vendor holds nothing of " + model)
                        .isEmpty());
        assertThat(k.stores.jobs().dead()).as("no job gave up (R48)").isEmpty();
        assertThat(k.stores.alarms().raised()).as("every alarm cleared (R49)").isEmpty();
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
        // The faults happened: none of this is vacuous.
        for (String vendor : List.of(ASTRIA, STRIPE, RESEND)) {
            assertThat(faults.injected(vendor, FaultSchedule.Fault.UNAVAILABLE)
                            + faults.injected(vendor, FaultSchedule.Fault.ANSWER_LOST))
                    .as(vendor + " failed calls")
                    .isPositive();
        }
        assertThat(mailbag.duplicates).isPositive();
        assertThat(mailbag.reordered).isPositive();
        assertThat(mailbag.lateByHours).isPositive();

        System.out.println("Vendor faults (seed " + SEED + ", " + Math.round(FAULT_RATE * 100)
                + " % of calls failing): " + people.size()
                + " orders (" + delivered + " delivered, " + refunded + " refunded, "
                + people.stream().filter(p -> p.story.erases()).count()
                + " erased), settled in "
                + Duration.between(TestKaptura.START, k.clock.instant()).toHours() + " h simulated; faults injected: "
                + faults.summary() + "; " + k.failedJobs.size()
                + " job runs failed and were retried; callbacks and webhooks: "
                + mailbag.events + " events, " + mailbag.handedOver + " deliveries, " + mailbag.duplicates
                + " duplicated, "
                + mailbag.reordered + " reordered, " + mailbag.lateByHours
                + " late by hours; withdrawn before the order knew its model: "
                + people.stream()
                        .filter(p -> p.withdrewBeforeTheOrderKnewItsModel)
                        .count() + "; lost = 0, selfies left = " + selfiesLeft
                + ", double charges = " + doubleCharges);
    }

    // ---- the world, one step at a time ------------------------------------------------------------

    /** Five minutes: the vendors work, what they sent arrives, people act, and a node does its rounds (as the app schedules them). */
    private void step() {
        k.clock.advance(STEP);
        people.forEach(Person::vendorsWork);
        announceRefunds();
        mailbag.handOverDue();
        people.forEach(Person::acts);
        k.runDueJobs();
        k.overdue.pollOverdue();
        k.retention.handle();
        k.alarms.check();
        k.runDueJobs();
    }

    private boolean settled() {
        return mailbag.onTheWay.isEmpty()
                && people.stream().allMatch(Person::settled)
                && k.stores.alarms().raised().isEmpty()
                && k.stores.jobs().scheduled().isEmpty();
    }

    /** Stripe sends {@code charge.refunded} for each refund it made. */
    private void announceRefunds() {
        for (Person p : people) {
            for (PaymentRef payment : p.payments) {
                int made = stripe.refundsOf(payment).size();
                for (int n = p.refundsAnnounced.getOrDefault(payment, 0); n < made; n++) {
                    String payload = FakePaymentGateway.chargeRefundedPayload(
                            "evt_refund_" + payment + "_" + n, p.journey.order, payment);
                    mailbag.send(() -> webhook(payload));
                }
                p.refundsAnnounced.put(payment, made);
            }
        }
    }

    /** A webhook as Stripe sends it (again): signed when it is sent. */
    private void webhook(String payload) {
        FakePaymentGateway.Webhook webhook = stripe.signedNow(payload);
        assertThat(k.webhook(webhook)).isNotInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);
    }

    /** A callback as the AI vendor sends it (again): signed when it is sent. */
    private void callback(FakeHeadshotGenerator.Callback callback) {
        FakeHeadshotGenerator.Callback resent = astria.signed(callback.token(), callback.body());
        assertThat(k.callBack(resent)).isNotInstanceOf(ReceiveGeneratorEvent.Outcome.Rejected.class);
    }

    /** Callbacks and webhooks on their way: each sent one to three times, minutes or hours late, handed over shuffled. */
    private final class Mailbag {

        private record Copy(int event, Instant due, Runnable handOver) {}

        final List<Copy> onTheWay = new ArrayList<>();
        int events;
        int handedOver;
        int duplicates;
        int reordered;
        int lateByHours;
        private int newestHandedOver = -1;

        void send(Runnable handOver) {
            int event = events++;
            int copies = 1 + network.nextInt(3);
            duplicates += copies - 1;
            for (int i = 0; i < copies; i++) {
                Duration late = network.nextBoolean()
                        ? Duration.ofMinutes(network.nextInt(15))
                        : Duration.ofMinutes(60 + network.nextInt(6 * 60));
                lateByHours += late.toHours() >= 1 ? 1 : 0;
                onTheWay.add(new Copy(event, k.clock.instant().plus(late), handOver));
            }
        }

        void handOverDue() {
            List<Copy> due = new ArrayList<>();
            for (Iterator<Copy> it = onTheWay.iterator(); it.hasNext(); ) {
                Copy copy = it.next();
                if (!copy.due().isAfter(k.clock.instant())) {
                    due.add(copy);
                    it.remove();
                }
            }
            Collections.shuffle(due, network);
            for (Copy copy : due) {
                reordered += copy.event() < newestHandedOver ? 1 : 0;
                newestHandedOver = Math.max(newestHandedOver, copy.event());
                copy.handOver().run();
                handedOver++;
            }
        }
    }

    /** One person, their order, and what the vendors do with it. */
    private final class Person {

        final String email;
        final Story story;
        final Journey journey;
        final List<PaymentRef> payments = new ArrayList<>();
        final Map<PaymentRef, Integer> refundsAnnounced = new LinkedHashMap<>();
        final Set<ModelRef> models = new LinkedHashSet<>();
        final Set<StyleId> stylesAnnounced = new LinkedHashSet<>();
        final Map<ModelRef, Instant> atTheVendorSince = new LinkedHashMap<>();
        final Set<ModelRef> trainingOver = new LinkedHashSet<>();
        PrivacyRequestId erasure;
        Instant generatingSince;
        boolean acted;
        boolean withdrewBeforeTheOrderKnewItsModel;

        Person(String email, Story story) {
            this.email = email;
            this.story = story;
            this.journey = new Journey(k, email);
        }

        void ordersAndPays() {
            signIn();
            journey.order().upload(8);
            if (story == Story.PAYS_TWICE) {
                PaymentGateway.Session firstTab = checkOut();
                pay(checkOut());
                pay(firstTab);
            } else {
                pay(checkOut());
            }
        }

        private void signIn() {
            persist("ask for a sign-in code", () -> {
                long codesBefore = codesReceived();
                try {
                    k.signIn.start(new SignIn.Start(journey.email));
                } catch (FaultSchedule.VendorFault e) {
                    if (codesReceived() == codesBefore) {
                        throw e;
                    }
                    // An error on the page, yet the code came: the person uses it (a newer code would replace it).
                }
                return true;
            });
            Mail.SignInCode code =
                    k.mailer.latest(Mail.SignInCode.class, journey.email).orElseThrow();
            SignIn.Verified verified = k.signIn.verify(new SignIn.VerifyCode(journey.email, code.code()));
            assertThat(verified).isInstanceOf(SignIn.Verified.SignedIn.class);
            journey.account = ((SignIn.Verified.SignedIn) verified).account();
            journey.statesAge();
        }

        private long codesReceived() {
            return k.mailer.deliveredTo(journey.email).stream()
                    .filter(Mail.SignInCode.class::isInstance)
                    .count();
        }

        private PaymentGateway.Session checkOut() {
            persist("check out", () -> switch (journey.checkOut(true, true, true)) {
                case CheckOut.Outcome.Ready ready -> true;
                case CheckOut.Outcome.Refused refused -> {
                    assertThat(refused.why().reason())
                            .as(refused.why().detail())
                            .isEqualTo(Rejection.Reason.VENDOR_UNAVAILABLE);
                    throw FaultSchedule.failure(STRIPE, "startCheckout", FaultSchedule.Fault.UNAVAILABLE);
                }
            });
            return k.sessionOf(journey.order);
        }

        /** The person pays at Stripe; Stripe sends its webhook. */
        private void pay(PaymentGateway.Session session) {
            PaymentRef payment = stripe.pay(session);
            payments.add(payment);
            String payload =
                    stripe.checkoutCompletedPayload("evt_paid_" + payment, session, true, Optional.of(payment));
            mailbag.send(() -> webhook(payload));
        }

        /** Tries again, a minute later each time, while a vendor fails. */
        private void persist(String what, Supplier<Boolean> attempt) {
            for (int tries = 1; tries <= 12; tries++) {
                try {
                    attempt.get();
                    return;
                } catch (FaultSchedule.VendorFault e) {
                    k.clock.advance(Duration.ofMinutes(1));
                }
            }
            fail(email + " could not " + what + " in 12 tries");
        }

        /** The AI vendor trains and generates in its own time, and calls back; or fails the training, for this story. */
        void vendorsWork() {
            Optional<Order> found = k.book.find(journey.order);
            if (found.isEmpty()) {
                return;
            }
            Order order = found.get();
            order.model().ifPresent(model -> models.add(model.ref()));
            Instant now = k.clock.instant();
            // Every model the vendor holds trains, whether or not the order learned of it (a submission's answer may be
            // lost).
            for (ModelRef model : astria.modelsFor(journey.order)) {
                Instant since = atTheVendorSince.computeIfAbsent(model, m -> now);
                if (!now.isBefore(since.plus(TRAINING_TAKES)) && trainingOver.add(model)) {
                    if (story == Story.VENDOR_FAILS_TRAINING) {
                        FakeHeadshotGenerator.Callback failed =
                                astria.failedCallback(model, "no face found in enough selfies");
                        mailbag.send(() -> callback(failed));
                    } else {
                        astria.finishTraining(model);
                        FakeHeadshotGenerator.Callback trained = astria.trainingFinishedCallback(model);
                        mailbag.send(() -> callback(trained));
                    }
                }
            }
            if (order.status() == OrderStatus.GENERATING) {
                generatingSince = generatingSince == null ? now : generatingSince;
                if (!now.isBefore(generatingSince.plus(GENERATING_TAKES))) {
                    ModelRef model = order.model().orElseThrow().ref();
                    astria.finishGenerating(model); // the styles asked so far; a style asked later, on a later step
                    for (StyleId style : order.styles()) {
                        if (!stylesAnnounced.contains(style)) {
                            imagesReady(model, style).ifPresent(ready -> {
                                stylesAnnounced.add(style);
                                mailbag.send(() -> callback(ready));
                            });
                        }
                    }
                }
            }
        }

        private Optional<FakeHeadshotGenerator.Callback> imagesReady(ModelRef model, StyleId style) {
            try {
                return Optional.of(astria.imagesReadyCallback(model, style));
            } catch (IllegalStateException notAskedYet) {
                return Optional.empty();
            }
        }

        /** The person's own step in the story, once the order is where it happens. */
        void acts() {
            if (acted || (story != Story.WITHDRAWS_ONCE_THE_VENDOR_HAS_THE_SELFIES && !story.erases())) {
                return;
            }
            OrderStatus status = journey.current().status();
            switch (story) {
                case WITHDRAWS_ONCE_THE_VENDOR_HAS_THE_SELFIES -> {
                    if (!astria.modelsFor(journey.order).isEmpty()) {
                        withdrewBeforeTheOrderKnewItsModel = status == OrderStatus.PAID;
                        k.withdraw.handle(new WithdrawConsent.Command(journey.account, Language.ENGLISH));
                        acted = true;
                    }
                }
                case ERASES_WHILE_GENERATING, ERASES_AFTER_DELIVERY -> {
                    if (status
                            == (story == Story.ERASES_WHILE_GENERATING
                                    ? OrderStatus.GENERATING
                                    : OrderStatus.DELIVERED)) {
                        erasure = k.erase.erase(journey.account).request();
                        acted = true;
                    }
                }
                default -> {}
            }
        }

        boolean settled() {
            if (story.erases()) {
                return erasure != null
                        && k.stores
                                .privacyRequests()
                                .find(erasure)
                                .map(r -> !r.isOpen())
                                .orElse(false);
            }
            Order order = journey.current();
            return order.status() == (story.keepsAPayment() ? OrderStatus.DELIVERED : OrderStatus.REFUNDED)
                    && order.selfies().stream().allMatch(Selfie.Deleted.class::isInstance)
                    && order.model()
                            .filter(VendorModel.DeletionConfirmed.class::isInstance)
                            .isPresent();
        }

        String describe() {
            return email + " (" + story + "): "
                    + k.book.find(journey.order)
                            .map(o -> o.status() + ", model "
                                    + o.model()
                                            .map(m -> m.getClass().getSimpleName())
                                            .orElse("none"))
                            .orElse("erased");
        }
    }
}
