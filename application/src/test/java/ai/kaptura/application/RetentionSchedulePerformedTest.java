package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.Action;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.retention.RetentionFacts;
import ai.kaptura.domain.retention.RetentionPeriod;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.RetentionRule;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.retention.Trigger;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.in.FlagMinor;
import ai.kaptura.ports.in.RecordCookieChoice;
import ai.kaptura.ports.in.RunRetention;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.FakeProcessorObligations;
import ai.kaptura.ports.out.fake.FaultSchedule;
import ai.kaptura.ports.out.fake.Flaky;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R12: the retention schedule people read is performed. Every row of the published schedule is walked; for each, data
 * of its category is made, the clock is moved past the row's period from its trigger, the sweep and the jobs run, and
 * the data is gone (or, for data a processor keeps, the job that records it with its basis ran). A row added to the
 * schedule without a scenario here fails the test.
 */
@Tag("R12")
class RetentionSchedulePerformedTest {

    @Test
    void every_row_of_the_published_schedule_is_performed_by_a_job() {
        RetentionPolicy policy = new TestKaptura().settings.retention();
        RetentionSchedule schedule = policy.schedule();
        List<String> performed = new ArrayList<>();

        for (RetentionSchedule.Entry entry : schedule.entries()) {
            for (String row : entry.lines()) {
                List<RetentionRule> rules = policy.rulesFor(entry.category()).stream()
                        .filter(r -> r.describe().equals(row))
                        .toList();
                assertThat(rules)
                        .as("the rule behind the published row '%s'", row)
                        .hasSize(1);
                TestKaptura k = new TestKaptura().withPolicy();
                perform(k, rules.getFirst());
                performed.add(entry.category() + ": " + row);
            }
        }

        assertThat(performed)
                .as("every rule is a published row")
                .hasSize(policy.rules().size());
    }

    @Test
    void a_row_without_a_scenario_fails_the_walk() {
        RetentionRule unheardOf = RetentionRule.delete(
                DataCategory.SESSION, Trigger.CREATED, RetentionPeriod.of(Period.ofYears(1)), Rule.R12);

        assertThatThrownBy(() -> perform(new TestKaptura(), unheardOf))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("No scenario shows a job performing the published row of SESSION");
    }

    @Test
    @Tag("R46")
    @Tag("R50")
    void a_pruned_audit_chain_verifies_from_the_checkpoint_at_its_cut_and_still_shows_a_cut_tail() {
        TestKaptura k = new TestKaptura().withPolicy();
        new Journey(k, "ada@example.com").signIn().order().upload(2);
        k.anchoring.anchor();
        long before = k.stores.auditLog().head().orElseThrow().sequence();

        k.clock.set(TestKaptura.START.plus(Duration.ofDays(6 * 366)));
        RunRetention.Report report = k.retention.handle();

        assertThat(report.auditEntriesPruned()).isEqualTo(before);
        List<AuditEntry> kept = k.stores.auditLog().read(1, 1_000);
        assertThat(kept.getFirst().sequence()).isEqualTo(before + 1);
        assertThat(k.anchors.all()).extracting(s -> s.checkpoint().sequence()).contains(before);
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);

        k.anchoring.anchor();
        k.clock.advance(Duration.ofMinutes(5));
        k.retention.handle();
        k.stores.auditLog().cutTail(1);

        assertThat(k.auditor.verifyChain())
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Broken.class,
                        broken -> assertThat(broken.reason()).contains("cut from its end"));
    }

    // ---- one scenario per row ------------------------------------------------------------------

    private static void perform(TestKaptura k, RetentionRule rule) {
        switch (rule.category()) {
            case SELFIE -> selfie(k, rule);
            case VENDOR_MODEL -> vendorModel(k, rule);
            case HEADSHOT -> headshot(k, rule);
            case ACCOUNT -> account(k, rule);
            case ORDER -> order(k, rule);
            case CONSENT_RECORD -> consentRecord(k, rule);
            case SIGN_IN_CODE -> signInCode(k, rule);
            case SESSION -> session(k, rule);
            case RATE_LIMIT_COUNTER -> rateLimitCounter(k, rule);
            case COOKIE_CHOICE -> cookieChoice(k, rule);
            case PRIVACY_REQUEST -> privacyRequest(k, rule);
            case AUDIT_ENTRY -> auditEntry(k, rule);
            case PAYMENT_RECORD -> paymentRecord(rule);
        }
    }

    private static void selfie(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.DELETE);
        switch (rule.trigger()) {
            case HEADSHOTS_DELIVERED -> {
                Journey j = new Journey(k, "ada@example.com").delivered();
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertSelfiesDeleted(j, DeletionReason.HEADSHOTS_DELIVERED);
            }
            case ORDER_ENDED_UNDELIVERED -> {
                Journey j = trainingFailed(k);
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertSelfiesDeleted(j, DeletionReason.ORDER_ENDED_UNDELIVERED);
                assertThat(k.vault.countOf(j.account)).isZero();
            }
            case DRAFT_LAST_ACTIVITY -> {
                Journey j = new Journey(k, "ada@example.com").signIn().order().upload(3);
                Instant lastTouched = k.clock.instant();
                assertNothingDueJustBefore(k, rule, lastTouched);
                assertThat(k.vault.countOf(j.account)).isEqualTo(3);
                sweepPastThePeriod(k, rule, lastTouched);
                assertSelfiesDeleted(j, DeletionReason.DRAFT_ABANDONED);
                assertThat(k.vault.countOf(j.account)).isZero();
            }
            case CONSENT_WITHDRAWN -> {
                Journey j = new Journey(k, "ada@example.com").training();
                k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertSelfiesDeleted(j, DeletionReason.CONSENT_WITHDRAWN);
                assertThat(k.vault.countOf(j.account)).isZero();
            }
            case ERASURE_REQUESTED -> {
                Journey j = new Journey(k, "ada@example.com").training();
                k.erase.erase(j.account);
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertThat(k.vault.countOf(j.account)).isZero();
            }
            case MINOR_FLAGGED -> {
                Journey j = new Journey(k, "kid@example.com").training();
                flagMinor(k, j);
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertThat(k.vault.countOf(j.account)).isZero();
            }
            case LAST_INTERACTION -> {
                // Paid and sent to the vendor, which never finishes training: no other rule ever fires for these.
                Journey j = new Journey(k, "ada@example.com").training();
                Instant lastInteraction = account(k, j).lastInteractionAt();
                assertNothingDueJustBefore(k, rule, lastInteraction);
                assertThat(k.vault.countOf(j.account)).isEqualTo(8);
                sweepPastThePeriod(k, rule, lastInteraction);
                assertSelfiesDeleted(j, DeletionReason.ABSOLUTE_CAP_REACHED);
                assertThat(k.vault.countOf(j.account)).isZero();
            }
            default -> throw noScenario(rule);
        }
    }

    private static void vendorModel(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.DELETE);
        switch (rule.trigger()) {
            case HEADSHOTS_DELIVERED -> {
                Journey j = new Journey(k, "ada@example.com").delivered();
                ModelRef model = j.model();
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertModelDeleted(k, j, model, DeletionReason.HEADSHOTS_DELIVERED);
            }
            case ORDER_ENDED_UNDELIVERED -> {
                Journey j = trainingFailed(k);
                ModelRef model = j.model();
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertModelDeleted(k, j, model, DeletionReason.ORDER_ENDED_UNDELIVERED);
            }
            case CONSENT_WITHDRAWN -> {
                Journey j = new Journey(k, "ada@example.com").training();
                ModelRef model = j.model();
                k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertModelDeleted(k, j, model, DeletionReason.CONSENT_WITHDRAWN);
            }
            case ERASURE_REQUESTED -> {
                Journey j = new Journey(k, "ada@example.com").training();
                ModelRef model = j.model();
                k.erase.erase(j.account);
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertModelGoneAtVendor(k, model);
            }
            case MINOR_FLAGGED -> {
                Journey j = new Journey(k, "kid@example.com").training();
                ModelRef model = j.model();
                flagMinor(k, j);
                sweepPastThePeriod(k, rule, k.clock.instant());
                assertModelGoneAtVendor(k, model);
            }
            case MODEL_TRAINED -> {
                // Trained, but the headshots never come: the model may live 30 days after training, no longer.
                Journey j = new Journey(k, "ada@example.com").generating();
                ModelRef model = j.model();
                Instant trained = j.current().model().orElseThrow().trainedAt().orElseThrow();
                assertNothingDueJustBefore(k, rule, trained);
                assertThat(j.current().model().orElseThrow()).isInstanceOf(VendorModel.Trained.class);
                sweepPastThePeriod(k, rule, trained);
                assertModelDeleted(k, j, model, DeletionReason.VENDOR_MODEL_MAX_AGE);
            }
            case LAST_INTERACTION -> {
                Journey j = new Journey(k, "ada@example.com").training();
                ModelRef model = j.model();
                sweepPastThePeriod(k, rule, account(k, j).lastInteractionAt());
                assertThat(j.current().model().orElseThrow().isDeletionConfirmed())
                        .isTrue();
                assertModelGoneAtVendor(k, model);
            }
            default -> throw noScenario(rule);
        }
    }

    private static void headshot(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.DELETE);
        Journey j = new Journey(k, rule.trigger() == Trigger.MINOR_FLAGGED ? "kid@example.com" : "ada@example.com")
                .delivered();
        assertThat(k.vault.countOf(j.account))
                .as("the headshots are in the vault")
                .isPositive();
        switch (rule.trigger()) {
            case ERASURE_REQUESTED -> k.erase.erase(j.account);
            case MINOR_FLAGGED -> flagMinor(k, j);
            default -> throw noScenario(rule);
        }
        sweepPastThePeriod(k, rule, k.clock.instant());
        assertThat(k.vault.countOf(j.account)).isZero();
    }

    private static void account(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.DELETE);
        Journey j = new Journey(k, "ada@example.com").signIn();
        startErasure(k, rule, j);
        sweepPastThePeriod(k, rule, k.clock.instant());
        Account erased = account(k, j);
        assertThat(erased.status()).isEqualTo(AccountStatus.ERASED);
        assertThat(erased.email()).isEmpty();
        assertThat(k.stores.accounts().findByEmail(j.email)).isEmpty();
    }

    private static void order(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.DELETE);
        Journey j = new Journey(k, "ada@example.com").paid();
        startErasure(k, rule, j);
        sweepPastThePeriod(k, rule, k.clock.instant());
        assertThat(k.stores.orders().ofAccount(j.account)).isEmpty();
    }

    private static void consentRecord(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.PSEUDONYMISE);
        Journey j = new Journey(k, "ada@example.com").paid();
        assertThat(k.stores.consentLedger().ofAccount(j.account)).isNotEmpty();
        startErasure(k, rule, j);
        sweepPastThePeriod(k, rule, k.clock.instant());
        assertThat(k.stores.consentLedger().ofAccount(j.account)).isEmpty();
        assertThat(k.stores.consentLedger().tombstonesOf(j.account)).isNotEmpty();
    }

    private static void signInCode(TestKaptura k, RetentionRule rule) {
        requireTrigger(rule, Trigger.CREATED, Action.DELETE);
        Journey j = new Journey(k, "ada@example.com");
        Instant issued = k.clock.instant();
        k.signIn.start(new SignIn.Start(j.email));
        assertThat(k.stores.signInChallenges().countIssuedSince(j.email, issued))
                .isEqualTo(1);
        assertNothingDueJustBefore(k, rule, issued);
        assertThat(k.stores.signInChallenges().countIssuedSince(j.email, issued))
                .isEqualTo(1);
        RunRetention.Report report = sweepPastThePeriod(k, rule, issued);
        assertThat(report.signInCodesDeleted()).isEqualTo(1);
        assertThat(k.stores.signInChallenges().countIssuedSince(j.email, issued))
                .isZero();
    }

    private static void session(TestKaptura k, RetentionRule rule) {
        requireTrigger(rule, Trigger.ENDED, Action.DELETE);
        Journey j = new Journey(k, "ada@example.com").signIn();
        Session session =
                k.stores.sessions().find(Session.hashOf(j.sessionToken)).orElseThrow();
        // Never used again: the session ends at its idle or absolute limit, and nothing else removes it.
        RunRetention.Report report = sweepPastThePeriod(k, rule, session.endsAt());
        assertThat(report.sessionsDeleted()).isEqualTo(1);
        assertThat(k.stores.sessions().find(session.tokenHash())).isEmpty();
    }

    private static void rateLimitCounter(TestKaptura k, RetentionRule rule) {
        assertThat(rule.action()).isEqualTo(Action.DELETE);
        RateLimits.Limit limit = new RateLimits.Limit("sign-in-start-network", 5, Duration.ofHours(1));
        k.rateLimits.attempt(limit, "203.0.113.7");
        Instant attempted = k.clock.instant();
        Instant trigger = switch (rule.trigger()) {
            case WINDOW_LAPSED -> attempted.plus(limit.window());
            case LAST_ATTEMPT -> attempted;
            default -> throw noScenario(rule);
        };
        assertThat(k.rateLimits.size()).isEqualTo(1);
        RunRetention.Report report = sweepPastThePeriod(k, rule, trigger);
        assertThat(report.rateLimitCountersDeleted()).isEqualTo(1);
        assertThat(k.rateLimits.size()).isZero();
    }

    private static void cookieChoice(TestKaptura k, RetentionRule rule) {
        requireTrigger(rule, Trigger.CREATED, Action.DELETE);
        VisitorId visitor = new VisitorId(new UUID(7, 7));
        k.cookies.handle(new RecordCookieChoice.Command(
                visitor, false, k.cookies.current(visitor).currentBanner()));
        Instant made = k.clock.instant();
        assertNothingDueJustBefore(k, rule, made);
        assertThat(k.stores.cookieChoices().latest(visitor)).isPresent();
        RunRetention.Report report = sweepPastThePeriod(k, rule, made);
        assertThat(report.cookieChoicesDeleted()).isEqualTo(1);
        assertThat(k.stores.cookieChoices().latest(visitor)).isEmpty();
    }

    private static void privacyRequest(TestKaptura k, RetentionRule rule) {
        requireTrigger(rule, Trigger.CLOSED, Action.DELETE);
        Journey j = new Journey(k, "ada@example.com").signIn();
        k.export.export(j.account);
        PrivacyRequest access = k.erase.requests(j.account).stream()
                .filter(r -> r.kind() == RequestKind.ACCESS)
                .findFirst()
                .orElseThrow();
        Instant closed = access.closedAt().orElseThrow();
        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();
        assertThat(k.request(erasure).status()).isEqualTo(PrivacyRequest.Status.COMPLETED);

        assertNothingDueJustBefore(k, rule, closed);
        assertThat(k.stores.privacyRequests().find(access.id())).isPresent();
        RunRetention.Report report =
                sweepPastThePeriod(k, rule, k.request(erasure).closedAt().orElseThrow());

        assertThat(report.privacyRequestsDeleted()).isEqualTo(2);
        assertThat(k.stores.privacyRequests().find(access.id())).isEmpty();
        assertThat(k.stores.privacyRequests().find(erasure)).isEmpty();
        assertThat(k.stores.auditLog().head().orElseThrow().event().details())
                .as("audited, as counts only")
                .containsEntry("privacy_requests", "2");
    }

    private static void auditEntry(TestKaptura k, RetentionRule rule) {
        requireTrigger(rule, Trigger.CREATED, Action.DELETE);
        new Journey(k, "ada@example.com").training();
        AuditEntry oldest = k.stores.auditLog().read(1, 1).getFirst();
        AuditEntry newest = k.stores.auditLog().head().orElseThrow();
        k.anchoring.anchor();

        assertNothingDueJustBefore(k, rule, oldest.event().at());
        assertThat(k.stores.auditLog().read(1, 1)).containsExactly(oldest);
        Instant createdBefore = k.settings
                .retention()
                .triggeredBefore(
                        DataCategory.AUDIT_ENTRY,
                        Trigger.CREATED,
                        rule.maxAge().after(newest.event().at()).plus(Duration.ofMinutes(1)));
        RunRetention.Report report = sweepPastThePeriod(k, rule, newest.event().at());

        List<AuditEntry> kept = k.stores.auditLog().read(1, 10_000);
        assertThat(report.auditEntriesPruned()).isGreaterThanOrEqualTo((int) newest.sequence());
        assertThat(kept.getFirst().sequence()).isGreaterThan(newest.sequence());
        assertThat(kept).allSatisfy(e -> assertThat(e.event().at()).isAfterOrEqualTo(createdBefore));
        long cut = kept.getFirst().sequence() - 1;
        assertThat(kept)
                .filteredOn(e -> e.event().action() == AuditAction.AUDIT_PRUNED)
                .anySatisfy(e -> assertThat(e.event().details())
                        .containsEntry(AuditChain.PRUNED_THROUGH_SEQUENCE, Long.toString(cut)));
        assertThat(k.anchors.all())
                .extracting(AuditCheckpoint.Signed::checkpoint)
                .anySatisfy(c -> {
                    assertThat(c.sequence()).isEqualTo(cut);
                    assertThat(c.head()).isEqualTo(kept.getFirst().previousHash());
                });
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
    }

    /**
     * Payment records are kept by the payment processor under its legal obligation, never by us: what performs the row
     * is the erasure job, which closes the processor's location with what it keeps and the basis the row publishes.
     */
    private static void paymentRecord(RetentionRule rule) {
        requireTrigger(rule, Trigger.CREATED, Action.RETAINED_BY_PROCESSOR);
        assertThat(rule.legalBasis()).isPresent();
        FakeProcessorObligations stripeAccount = new FakeProcessorObligations("stripe");
        stripeAccount.retainsPayments(true);
        FakePaymentGateway[] stripe = new FakePaymentGateway[1];
        TestKaptura k = new TestKaptura(
                        clock -> new FakeHeadshotGenerator("generator-secret", clock),
                        clock -> Flaky.vendor(
                                PaymentGateway.class,
                                stripe[0] = new FakePaymentGateway("whsec_test", clock),
                                "stripe",
                                new FaultSchedule(1, 0)),
                        List.of(stripeAccount))
                .withPolicy();
        k.stores.processors().register(stripeAccount.registryEntry(DataCategory.ORDER, DataCategory.PAYMENT_RECORD));
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        PaymentGateway.Session session = k.sessionOf(j.order);
        k.webhook(stripe[0].paidWebhook(session, stripe[0].pay(session)));
        k.runDueJobs();

        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();

        assertThat(k.request(erasure).status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(k.request(erasure).checklist().orElseThrow().items().get(Location.processor("stripe")))
                .get()
                .isInstanceOfSatisfying(
                        LocationOutcome.RetainedWithBasis.class,
                        kept -> assertThat(kept.ground().article()).contains("Art. 17(3)(b)"));
        assertThat(rule.legalBasis().orElseThrow()).contains("Art. 17(3)(b)");
        assertThat(k.settings
                        .retention()
                        .verdict(
                                DataCategory.PAYMENT_RECORD,
                                RetentionFacts.none().and(rule.trigger(), TestKaptura.START)))
                .as("never executed by our sweep")
                .isInstanceOf(RetentionPolicy.Verdict.NotTriggered.class);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Moves the clock a minute past the row's period counted from {@code trigger}, runs the sweep and the jobs. */
    private static RunRetention.Report sweepPastThePeriod(TestKaptura k, RetentionRule rule, Instant trigger) {
        Instant due = rule.maxAge().after(trigger);
        Instant now = k.clock.instant();
        k.clock.set((due.isAfter(now) ? due : now).plus(Duration.ofMinutes(1)));
        k.runDueJobs();
        RunRetention.Report report = k.retention.handle();
        for (int round = 0; round < 3; round++) {
            k.runDueJobs();
            k.clock.advance(Duration.ofMinutes(30));
        }
        return report;
    }

    /** A minute before the row's period from {@code trigger} has passed, the sweep removes nothing of it. */
    private static void assertNothingDueJustBefore(TestKaptura k, RetentionRule rule, Instant trigger) {
        k.clock.set(rule.maxAge().after(trigger).minus(Duration.ofMinutes(1)));
        RunRetention.Report report = k.retention.handle();
        int removed = switch (rule.category()) {
            case SELFIE -> report.selfiesDueForDeletion();
            case VENDOR_MODEL -> report.modelDeletionsRequested();
            case SIGN_IN_CODE -> report.signInCodesDeleted();
            case COOKIE_CHOICE -> report.cookieChoicesDeleted();
            case PRIVACY_REQUEST -> report.privacyRequestsDeleted();
            case AUDIT_ENTRY -> report.auditEntriesPruned();
            default -> throw new AssertionError("No count of " + rule.category() + " in the sweep's report");
        };
        assertThat(removed).as("removed a minute before: %s", rule.describe()).isZero();
    }

    private static Journey trainingFailed(TestKaptura k) {
        Journey j = new Journey(k, "ada@example.com").training();
        k.callBack(k.vendor().failedCallback(j.model(), "the faces were too blurry"));
        k.runDueJobs();
        return j;
    }

    private static void flagMinor(TestKaptura k, Journey j) {
        assertThat(k.flagMinor.handle(
                        new FlagMinor.Command(j.account, MinorFlag.Source.PARENT_OR_GUARDIAN, "a parent wrote")))
                .isInstanceOf(FlagMinor.Outcome.Flagged.class);
    }

    private static void startErasure(TestKaptura k, RetentionRule rule, Journey j) {
        switch (rule.trigger()) {
            case ERASURE_REQUESTED -> k.erase.erase(j.account);
            case MINOR_FLAGGED -> flagMinor(k, j);
            default -> throw noScenario(rule);
        }
    }

    private static Account account(TestKaptura k, Journey j) {
        return k.stores.accounts().find(j.account).orElseThrow();
    }

    private static void assertSelfiesDeleted(Journey j, DeletionReason reason) {
        assertThat(j.current().selfies())
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s)
                        .isInstanceOfSatisfying(
                                Selfie.Deleted.class,
                                d -> assertThat(d.evidence().reason()).isEqualTo(reason)));
    }

    private static void assertModelDeleted(TestKaptura k, Journey j, ModelRef model, DeletionReason reason) {
        assertThat(j.current().model().orElseThrow())
                .isInstanceOfSatisfying(
                        VendorModel.DeletionConfirmed.class,
                        confirmed -> assertThat(confirmed.evidence().reason()).isEqualTo(reason));
        assertModelGoneAtVendor(k, model);
    }

    private static void assertModelGoneAtVendor(TestKaptura k, ModelRef model) {
        assertThat(k.vendor().verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
    }

    private static void requireTrigger(RetentionRule rule, Trigger trigger, Action action) {
        if (rule.trigger() != trigger || rule.action() != action) {
            throw noScenario(rule);
        }
    }

    private static AssertionError noScenario(RetentionRule rule) {
        return new AssertionError("No scenario shows a job performing the published row of " + rule.category() + ": '"
                + rule.describe() + "'. Add one, or change the schedule to say what happens.");
    }
}
