package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.policy.PolicyService;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.in.RecordCookieChoice;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Consent through the use cases: R4, R5, R6, R7, R8, R9. */
class ConsentScenariosTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    @Tag("R4")
    @Tag("R6")
    void refused_consent_blocks_checkout_and_the_refusal_is_recorded() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);

        CheckOut.Outcome outcome = j.checkOut(true, false, true);

        assertCheckoutRefused(outcome, Rejection.Reason.CONSENT_REFUSED);
        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(k.sessionOf(j.order)).as("no payment was started").isNull();
        assertThat(k.stores.consentLedger().ofAccount(j.account))
                .extracting(ConsentRecord::decision)
                .containsExactly(ConsentDecision.GRANTED, ConsentDecision.REFUSED);
    }

    @Test
    @Tag("R4")
    void uploads_go_into_the_private_draft_only() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();

        UploadSelfie.Outcome late = j.upload(Journey.png(64, 99));

        assertThat(late)
                .isInstanceOfSatisfying(
                        UploadSelfie.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.ORDER_NOT_DRAFT));
        assertThat(k.vault.countOf(j.account)).isEqualTo(8);
    }

    @Test
    @Tag("R4")
    void nothing_leaves_our_storage_before_payment_even_with_consent() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        k.runDueJobs();

        assertThat(k.vendor().modelsTrained()).isZero();
        assertThat(j.current().selfies()).allMatch(Selfie.Stored.class::isInstance);
    }

    @Test
    @Tag("R5")
    void consent_records_hold_the_hash_of_the_exact_text_shown_and_how_it_was_given() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();

        List<ConsentRecord> records = k.stores.consentLedger().ofAccount(j.account);
        assertThat(records).hasSize(2).allSatisfy(r -> {
            assertThat(r.policyVersion()).isEqualTo(TestKaptura.V1);
            assertThat(r.language()).isEqualTo(Language.ENGLISH);
            assertThat(r.recordedAt()).isEqualTo(TestKaptura.START);
        });
        assertThat(records.get(0).noticeHash()).isNotEqualTo(records.get(1).noticeHash());
        assertThat(k.auditor.consentProof(j.account).versions())
                .extracting(v -> v.version())
                .containsExactly(TestKaptura.V1);
    }

    @Test
    @Tag("R7")
    void withdrawal_cancels_pending_work_deletes_selfies_and_the_model_and_refunds() {
        Journey j = new Journey(k, "ada@example.com").training();
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);

        WithdrawConsent.Outcome outcome = k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
        k.runDueJobs();

        assertThat(outcome.ordersStopped()).containsExactly(j.order);
        assertThat(outcome.selfiesDueForDeletion()).isEqualTo(8);
        assertThat(j.current().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(j.current().selfies()).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(j.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.paymentProcessor.refundsOf(j.current().payment().orElseThrow()))
                .hasSize(1);
        assertThat(k.stores.consentLedger().ofAccount(j.account))
                .extracting(ConsentRecord::decision)
                .endsWith(ConsentDecision.WITHDRAWN, ConsentDecision.WITHDRAWN);
    }

    @Test
    @Tag("R7")
    void a_new_order_after_withdrawal_needs_and_gets_fresh_consent() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
        j.order().upload(8).checkOut().pay();
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
    }

    @Test
    @Tag("R8")
    void checkout_works_with_analytics_refused() {
        // The person refuses analytics on the banner of the first page, then goes through the journey as that visitor.
        VisitorId visitor = new VisitorId(UUID.randomUUID());
        BannerVersion banner = k.cookies.current(visitor).currentBanner();
        assertRefused(k.cookies.handle(new RecordCookieChoice.Command(visitor, false, banner)));
        Journey j = new Journey(k, "ada@example.com").signIn();
        assertRefused(k.cookies.current(visitor));
        j.order().upload(8);
        assertRefused(k.cookies.current(visitor));

        assertThat(j.checkOut(true, true, true)).isInstanceOf(CheckOut.Outcome.Ready.class);
        assertRefused(k.cookies.current(visitor));
        j.pay();
        k.runDueJobs();

        assertRefused(k.cookies.current(visitor));
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        assertThat(k.stores.auditLog().read(1, 1000))
                .filteredOn(e -> e.event().action() == AuditAction.COOKIE_CHOICE_RECORDED)
                .as("the refusal is the only choice: nothing on the way asked again or assumed consent")
                .singleElement()
                .satisfies(e -> assertThat(e.event().details()).containsEntry("analytics", "false"));
    }

    private static void assertRefused(RecordCookieChoice.State state) {
        assertThat(state.analyticsAllowed()).as("no analytics is loaded").isFalse();
        assertThat(state.showBanner())
                .as("the refusal holds: the banner is not shown again")
                .isFalse();
    }

    @Test
    @Tag("R6")
    void the_first_version_takes_effect_the_moment_it_is_published_and_only_once() {
        TestKaptura fresh = new TestKaptura();
        Instant now = fresh.clock.instant();

        fresh.policies.publishFirst(at -> TestKaptura.policyVersion(new NoticeVersion("first"), at, true));
        fresh.policies.publishFirst(at -> TestKaptura.policyVersion(new NoticeVersion("second"), at, true));

        assertThat(fresh.policies.history().versions()).singleElement().satisfies(v -> {
            assertThat(v.version().value()).isEqualTo("first");
            assertThat(v.effectiveAt()).isEqualTo(now);
        });
        assertThat(fresh.policies.current().version()).as("in force at once").isPresent();
        assertThat(fresh.stores.auditLog().read(1, 100))
                .filteredOn(e -> e.event().action() == AuditAction.POLICY_PUBLISHED)
                .hasSize(1);
    }

    @Test
    @Tag("R6")
    void a_node_that_loses_the_race_to_publish_the_first_version_starts_with_the_other_nodes_one() {
        TestKaptura k2 = new TestKaptura();
        PolicyVersion theirs = TestKaptura.policyVersion(new NoticeVersion("theirs"), k2.clock.instant(), true);
        PolicyVersions racing = new PolicyVersions() {
            private boolean stored;

            @Override
            public PolicyHistory history() {
                return stored
                        ? ((PolicyHistory.Publication.Published)
                                        PolicyHistory.empty().publish(theirs, theirs.effectiveAt()))
                                .history()
                        : PolicyHistory.empty();
            }

            @Override
            public void add(PolicyVersion version) {
                stored = true; // the other node committed its version first, outside this transaction
                throw new IllegalStateException(
                        "Another policy version already takes effect at " + version.effectiveAt());
            }
        };
        PolicyService service = new PolicyService(racing, k2.stores.transactions(), k2.audit, k2.clock, k2.settings);

        service.publishFirst(at -> TestKaptura.policyVersion(new NoticeVersion("ours"), at, true));

        assertThat(service.history().versions())
                .extracting(v -> v.version().value())
                .containsExactly("theirs");
    }

    @Test
    @Tag("R9")
    void a_material_policy_version_blocks_training_until_consent_is_renewed() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        NoticeVersion v2 = new NoticeVersion("2026-04");
        PublishPolicy.Outcome published =
                k.policies.publish(TestKaptura.policyVersion(v2, TestKaptura.START.plus(Duration.ofHours(1)), true));
        assertThat(published).isInstanceOf(PublishPolicy.Outcome.Published.class);
        k.clock.advance(Duration.ofHours(2));
        j.pay();
        k.runDueJobs();

        assertThat(j.current().status()).as("paid, but not sent to the vendor").isEqualTo(OrderStatus.PAID);
        assertThat(k.vendor().modelsTrained()).isZero();
        assertThat(k.stores.auditLog().read(1, 1000))
                .anyMatch(e -> e.event().action() == AuditAction.PROCESSING_BLOCKED
                        && e.event().rule() == Rule.R9);
        assertThat(k.orders.processingBlocker(j.account, j.order))
                .as("the order page can say why, and offer the renewal")
                .hasValueSatisfying(why -> assertThat(why.reason()).isEqualTo(Rejection.Reason.CONSENT_STALE));

        CheckOut.Outcome renewed =
                k.checkout.renew(new CheckOut.Command(j.account, j.order, true, true, true, v2, Language.ENGLISH));
        assertThat(renewed).isInstanceOf(CheckOut.Outcome.Ready.class);
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        assertThat(k.orders.processingBlocker(j.account, j.order)).isEmpty();
    }

    /**
     * R9 beyond the first step: a material version that takes effect while the model trains holds the generation
     * (a new processing of the person's model) until consent is renewed; asking the vendor again then adds nothing
     * twice, and the order is delivered.
     */
    @Test
    @Tag("R9")
    void a_material_policy_taking_effect_during_training_holds_generation_until_consent_is_renewed() {
        Journey j = new Journey(k, "ada@example.com").training();
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        NoticeVersion v2 = new NoticeVersion("2026-05");
        assertThat(k.policies.publish(
                        TestKaptura.policyVersion(v2, k.clock.instant().plus(Duration.ofHours(1)), true)))
                .isInstanceOf(PublishPolicy.Outcome.Published.class);
        k.clock.advance(Duration.ofHours(2));
        FakeHeadshotGenerator vendor = k.vendor();

        j.trainingFinishes();
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.GENERATING);
        assertThat(vendor.sentToVendor()).as("no headshots asked for").noneMatch(line -> line.endsWith("/prompts"));
        assertThat(k.stores.auditLog().read(1, 1000))
                .anyMatch(e -> e.event().action() == AuditAction.PROCESSING_BLOCKED
                        && e.event().rule() == Rule.R9);
        assertThat(k.orders.processingBlocker(j.account, j.order))
                .hasValueSatisfying(why -> assertThat(why.reason()).isEqualTo(Rejection.Reason.CONSENT_STALE));
        k.clock.advance(Duration.ofHours(1));
        k.overdue.pollOverdue();
        assertThat(j.current().status())
                .as("looked up while held, not given up on")
                .isEqualTo(OrderStatus.GENERATING);

        assertThat(k.checkout.renew(new CheckOut.Command(j.account, j.order, true, true, true, v2, Language.ENGLISH)))
                .isInstanceOf(CheckOut.Outcome.Ready.class);
        k.runDueJobs();
        assertThat(vendor.sentToVendor().stream()
                        .filter(line -> line.endsWith("/prompts"))
                        .count())
                .as("one prompt per style")
                .isEqualTo(j.current().styles().size());
        assertThat(k.orders.processingBlocker(j.account, j.order)).isEmpty();

        j.generationFinishes();
        k.runDueJobs();
        assertThat(j.current().status()).isEqualTo(OrderStatus.DELIVERED);
    }

    @Test
    @Tag("R9")
    void only_a_paid_order_held_back_from_the_vendor_has_a_processing_blocker_and_only_for_its_owner() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        assertThat(k.orders.processingBlocker(j.account, j.order))
                .as("a draft waits for checkout, not for consent")
                .isEmpty();
        j.checkOut().pay();
        k.runDueJobs();
        assertThat(k.orders.processingBlocker(j.account, j.order))
                .as("consent given under the version in force")
                .isEmpty();

        k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));

        assertThat(j.current().status().isInProduction())
                .as("withdrawal stops the order")
                .isFalse();
        assertThat(k.orders.processingBlocker(j.account, j.order))
                .as("nothing to renew on a stopped order")
                .isEmpty();
        Journey other = new Journey(k, "bob@example.com").signIn();
        assertThat(k.orders.processingBlocker(other.account, j.order)).isEmpty();
    }

    @Test
    @Tag("R9")
    void a_policy_version_cannot_take_effect_in_the_past() {
        PublishPolicy.Outcome outcome = k.policies.publish(TestKaptura.policyVersion(
                new NoticeVersion("2026-02"), TestKaptura.START.minus(Duration.ofDays(1)), true));

        assertThat(outcome).isInstanceOf(PublishPolicy.Outcome.Refused.class);
        assertThat(k.policies.history().versions()).hasSize(1);
    }

    @Test
    @Tag("R4")
    void checkout_with_a_notice_version_the_page_did_not_show_is_refused() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);

        CheckOut.Outcome outcome = k.checkout.handle(new CheckOut.Command(
                j.account, j.order, true, true, true, new NoticeVersion("2025-01"), Language.ENGLISH));

        assertCheckoutRefused(outcome, Rejection.Reason.NOTICE_VERSION_OUTDATED);
        assertThat(k.stores.consentLedger().ofAccount(j.account)).isEmpty();
    }

    @Test
    void
            a_started_checkout_keeps_the_processors_reference_and_the_amount_asked_on_the_order_before_the_person_is_sent_to_pay() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);

        CheckOut.Outcome outcome = j.checkOut(true, true, true);

        PaymentGateway.Session session = k.sessionOf(j.order);
        assertThat(outcome).isEqualTo(new CheckOut.Outcome.Ready(session.url()));
        assertThat(j.current().openCheckout()).hasValueSatisfying(checkout -> {
            assertThat(checkout.attempt()).isEqualTo(1);
            assertThat(checkout.reference()).isEqualTo(new CheckoutRef(session.reference()));
            assertThat(checkout.asked()).isEqualTo(j.current().price());
        });
        j.checkOut();
        assertThat(j.current().checkouts())
                .extracting(c -> c.reference().value())
                .containsExactly(session.reference(), k.sessionOf(j.order).reference());
        assertThat(j.current().openCheckout()).map(c -> c.attempt()).contains(2);
    }

    @Test
    void a_checkout_the_processor_answers_with_an_unusable_reference_is_not_offered_and_leaves_the_order_a_draft() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.paymentsAnswerReference("cs with spaces and a / slash");

        CheckOut.Outcome outcome = j.checkOut(true, true, true);

        assertCheckoutRefused(outcome, Rejection.Reason.VENDOR_REFUSED);
        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(j.current().checkouts()).isEmpty();
    }

    @Test
    void an_unreachable_payment_processor_leaves_the_order_a_draft_with_nothing_charged() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.paymentsUnavailable(true);

        CheckOut.Outcome outcome = j.checkOut(true, true, true);

        assertCheckoutRefused(outcome, Rejection.Reason.VENDOR_UNAVAILABLE);
        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
        k.paymentsUnavailable(false);
        assertThat(j.checkOut(true, true, true)).isInstanceOf(CheckOut.Outcome.Ready.class);
    }

    @Test
    void a_checkout_the_payment_processor_refuses_is_reported_as_our_fault_and_leaves_the_order_a_draft() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.paymentsRefusing(true);

        CheckOut.Outcome outcome = j.checkOut(true, true, true);

        assertThat(outcome).isInstanceOfSatisfying(CheckOut.Outcome.Refused.class, r -> {
            assertThat(r.why().reason()).isEqualTo(Rejection.Reason.VENDOR_REFUSED);
            assertThat(r.why().detail()).contains("nothing was charged").doesNotContain("API Key");
        });
        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
        k.paymentsRefusing(false);
        assertThat(j.checkOut(true, true, true)).isInstanceOf(CheckOut.Outcome.Ready.class);
    }

    /** The checkout was refused for {@code reason}. */
    private static void assertCheckoutRefused(CheckOut.Outcome outcome, Rejection.Reason reason) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        CheckOut.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(reason));
    }
}
