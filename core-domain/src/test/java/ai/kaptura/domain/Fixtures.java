package ai.kaptura.domain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.consent.CheckoutConsent;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.consent.ProcessingPolicy;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared, deterministic world of the domain scenario tests: one fixed instant, counter-based ids,
 * a standard plan, a policy history with one version in force, an account, and helpers that take an
 * order through its lifecycle the way the application does.
 *
 * <p>A fresh instance per test keeps the id counter (and so every id) the same from run to run.
 */
public final class Fixtures {

    /** "Now" for every scenario. */
    public static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
    /** The size of every fixture selfie as stored: 3 MB. */
    public static final long SELFIE_BYTES = 3L * 1024 * 1024;

    /** The policy version in force at {@link #NOW}. */
    public static final NoticeVersion V1 = new NoticeVersion("2026-01");

    public static final Instant V1_EFFECTIVE = NOW.minus(Duration.ofDays(30));

    public static final StyleId STUDIO = new StyleId("studio-grey");
    public static final StyleId OFFICE = new StyleId("office");
    public static final StyleId OUTDOOR = new StyleId("outdoor");

    public static final Plan PLAN = new Plan(
            new PlanId("starter"),
            "Starter",
            40,
            2,
            Money.of(2_900, "EUR"),
            List.of(
                    new Style(STUDIO, "Studio grey", "A neutral grey studio backdrop with soft light"),
                    new Style(OFFICE, "Office", "A bright, modern office in the background"),
                    new Style(OUTDOOR, "Outdoor", "Natural daylight in a city park")));

    public static final ModelRef MODEL = new ModelRef("tune_42");

    /** A counter-based id source: the n-th id is always the same UUID. */
    public static final class CountingIds implements IdSupplier {
        private long next = 1;

        @Override
        public UUID next() {
            return new UUID(0x00000000_0000_4000L, 0x8000_0000_0000_0000L | next++);
        }

        public long issued() {
            return next - 1;
        }
    }

    public final CountingIds ids = new CountingIds();
    public final Account account;
    private final PolicyHistory history = new PolicyHistory(List.of(policy(V1, V1_EFFECTIVE, false)));

    public Fixtures() {
        account = Account.open(
                new AccountId(ids.next()), EmailAddress.of("ada@example.com"), NOW.minus(Duration.ofDays(1)));
    }

    // ---- policy -----------------------------------------------------------------------------------

    /** One policy version, {@link #V1}, in force since {@link #V1_EFFECTIVE}. */
    public PolicyHistory history() {
        return history;
    }

    /** A policy version with every notice kind in English; each text names its version, so hashes differ. */
    public static PolicyVersion policy(NoticeVersion version, Instant effectiveAt, boolean material) {
        List<Notice> notices = Arrays.stream(NoticeKind.values())
                .map(kind -> new Notice(kind, Language.ENGLISH, noticeText(kind, version)))
                .toList();
        return new PolicyVersion(
                version, effectiveAt, material, "Version " + version + " of the privacy policy", notices);
    }

    public static String noticeText(NoticeKind kind, NoticeVersion version) {
        return switch (kind) {
            case BIOMETRIC_PROCESSING ->
                "I agree that Kaptura processes my selfies to train a personal model (" + version + ").";
            case VENDOR_DISCLOSURE -> "I agree that Kaptura discloses my selfies to its AI vendor (" + version + ").";
            case ADULT_ATTESTATION -> "I confirm that I am 18 years of age or older (" + version + ").";
            case PRIVACY_POLICY -> "Kaptura privacy policy, version " + version + ".";
        };
    }

    public PolicyVersion v1() {
        return history().currentAt(NOW).orElseThrow();
    }

    // ---- accounts ----------------------------------------------------------------------------------

    public Account otherAccount() {
        return Account.open(
                new AccountId(ids.next()), EmailAddress.of("grace@example.com"), NOW.minus(Duration.ofDays(1)));
    }

    /** {@link #account}'s id in a fresh account record with this address and status, no attestation and no flag. */
    public Account accountAs(Optional<EmailAddress> email, AccountStatus status) {
        return new Account(account.id(), email, status, List.of(), Optional.empty(), NOW, NOW, 0);
    }

    // ---- selfies and orders ------------------------------------------------------------------------

    public Selfie.Stored selfie(Instant at) {
        UUID id = ids.next();
        return new Selfie.Stored(
                new SelfieId(id),
                new PhotoRef("selfie/" + id),
                Digest.sha256(("selfie bytes " + id).getBytes(StandardCharsets.UTF_8)),
                SELFIE_BYTES,
                at);
    }

    public Order emptyDraft(Account owner, Instant at) {
        return Order.draft(new OrderId(ids.next()), owner.id(), PLAN, List.of(STUDIO, OFFICE), at);
    }

    /** A draft of {@link #account} created at {@code at} with {@code selfies} selfies uploaded at the same instant. */
    public Order draft(int selfies, Instant at) {
        return draft(account, selfies, at);
    }

    public Order draft(Account owner, int selfies, Instant at) {
        Order order = emptyDraft(owner, at);
        for (int i = 0; i < selfies; i++) {
            order = ok(order.addSelfie(selfie(at)));
        }
        return order;
    }

    public Order draft(int selfies) {
        return draft(selfies, NOW);
    }

    /** A selfie the person removed from their draft, and the draft after the removal. */
    public record Discarded(Selfie selfie, Order after) {}

    /** Removes, at {@code at}, the selfie at {@code index} of a fresh draft of {@code selfies}, as its owner would. */
    public Discarded discardedFromDraft(int selfies, int index, Instant at) {
        Order draft = draft(selfies);
        Selfie chosen = draft.selfies().get(index);
        return new Discarded(chosen, ok(draft.discardSelfie(chosen.id(), at)));
    }

    public static Order awaitingPayment(Order draft, Instant at) {
        return draft.awaitPayment(at);
    }

    public static Order paid(Order draft, Instant at) {
        return draft.awaitPayment(at).paid(new PaymentRef("pi_3PqRstUvWx"), at.plusSeconds(60));
    }

    public static Order training(Order draft, Instant at) {
        return paid(draft, at).trainingStarted(MODEL, at.plusSeconds(120));
    }

    public Order generating(Order draft, Instant at, Instant trainedAt) {
        return training(draft, at).modelTrained(trainedAt);
    }

    public Order delivered(Order draft, Instant at, Instant trainedAt, Instant deliveredAt) {
        return generating(draft, at, trainedAt)
                .headshotStored(headshot(STUDIO, deliveredAt))
                .deliver(deliveredAt);
    }

    public Headshot headshot(StyleId style, Instant at) {
        UUID id = ids.next();
        return new Headshot(
                new HeadshotId(id),
                style,
                new PhotoRef("headshot/" + id),
                Digest.sha256(("headshot bytes " + id).getBytes(StandardCharsets.UTF_8)),
                new AiMarker(ids.next()),
                at);
    }

    public static DeletionEvidence selfieEvidence(Selfie selfie, DeletionReason why, Instant at) {
        return new DeletionEvidence(
                DataCategory.SELFIE,
                selfie.id().toString(),
                Location.PHOTO_VAULT,
                at,
                why,
                "vault object deleted, key destroyed");
    }

    public static DeletionEvidence modelEvidence(ModelRef ref, Instant at) {
        return new DeletionEvidence(
                DataCategory.VENDOR_MODEL,
                ref.value(),
                Location.processor("astria"),
                at,
                DeletionReason.HEADSHOTS_DELIVERED,
                "GET /tunes/" + ref.value() + " answered 404");
    }

    // ---- consent -----------------------------------------------------------------------------------

    public static CheckoutConsent.Boxes boxes(boolean biometric, boolean vendor, boolean adult) {
        return boxes(biometric, vendor, adult, V1);
    }

    public static CheckoutConsent.Boxes boxes(boolean biometric, boolean vendor, boolean adult, NoticeVersion version) {
        return new CheckoutConsent.Boxes(biometric, vendor, adult, version, Language.ENGLISH);
    }

    public static CheckoutConsent.Boxes allTicked() {
        return boxes(true, true, true);
    }

    /** Both purposes granted at the checkout of {@code draft}, under the version in force at {@code at}. */
    public List<ConsentRecord> grantedAtCheckout(Order draft, Instant at) {
        return grantedAtCheckout(account, draft, history(), at);
    }

    public List<ConsentRecord> grantedAtCheckout(Account owner, Order draft, PolicyHistory policies, Instant at) {
        NoticeVersion inForce = policies.currentAt(at).orElseThrow().version();
        CheckoutConsent.Decision decision =
                CheckoutConsent.atCheckout(owner, draft, boxes(true, true, true, inForce), policies, ids, at);
        if (!(decision instanceof CheckoutConsent.Decision.Accepted accepted)) {
            throw new AssertionError("Fixture checkout was refused: " + decision);
        }
        return accepted.records();
    }

    public List<ConsentRecord> withdrawal(Instant at) {
        return CheckoutConsent.withdrawal(
                account,
                history().currentAt(at).orElseThrow(),
                Language.ENGLISH,
                ConsentMethod.WITHDRAWAL_ON_PRIVACY_PAGE,
                ids,
                at);
    }

    /** An order of eight selfies, both purposes granted at its checkout, and the same order once paid. */
    public record Consented(Order draft, List<ConsentRecord> grants, Order paid) {

        /** The consent state of {@code order} read from these grants alone. */
        public ConsentState state(Order order) {
            return ConsentState.of(order, grants);
        }
    }

    /** A draft of eight selfies made at {@link #NOW}, consented to at {@code checkoutAt} and paid at {@code paidAt}. */
    public Consented consented(Instant checkoutAt, Instant paidAt) {
        Order draft = draft(8);
        return new Consented(draft, grantedAtCheckout(draft, checkoutAt), paid(draft, paidAt));
    }

    /** Why the processing policy stops {@code order} of {@link #account} at {@code at}, if it does. */
    public Optional<Rejection.Reason> processingRefusal(Order order, ConsentState consent, Instant at) {
        return ProcessingPolicy.check(account, order, consent, history(), at).map(Rejection::reason);
    }

    /** Why the biometric guard refuses {@code who} a permit to send {@code order}'s selfies for training. */
    public Rejection.Reason trainingRefusal(Account who, Order order, ConsentState consent, Instant at) {
        return refusal(BiometricGuard.forVendorTraining(who, order, consent, history(), at))
                .reason();
    }

    @SafeVarargs
    public static List<ConsentRecord> ledger(List<ConsentRecord>... parts) {
        List<ConsentRecord> all = new ArrayList<>();
        for (List<ConsentRecord> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    public BiometricRetention.Situation situation(Order order, List<ConsentRecord> records) {
        return situation(order, account, records, Optional.empty());
    }

    public static BiometricRetention.Situation situation(
            Order order, Account owner, List<ConsentRecord> records, Optional<LegalHold> hold) {
        return new BiometricRetention.Situation(order, owner, ConsentState.of(order, records), Optional.empty(), hold);
    }

    // ---- processors --------------------------------------------------------------------------------

    public static final Processor ASTRIA = new Processor(
            "astria",
            "Astria AI Inc.",
            "Training the personal model and generating headshots",
            EnumSet.of(DataCategory.SELFIE, DataCategory.VENDOR_MODEL, DataCategory.HEADSHOT),
            "US",
            Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES),
            "dpa/astria-2026-01.pdf");
    public static final Processor STRIPE = new Processor(
            "stripe",
            "Stripe Payments Europe, Ltd.",
            "Taking and refunding payments",
            EnumSet.of(DataCategory.ORDER, DataCategory.PAYMENT_RECORD),
            "IE",
            Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
            "dpa/stripe-2025-11.pdf");
    public static final Processor POSTMARK = new Processor(
            "postmark",
            "ActiveCampaign, LLC",
            "Sending transactional email",
            EnumSet.of(DataCategory.ACCOUNT),
            "US",
            Optional.of(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK),
            "dpa/postmark-2025-09.pdf");

    /** Astria, Stripe and Postmark, each with a complete entry. */
    public static ProcessorRegistry registry() {
        return new ProcessorRegistry(List.of(ASTRIA, STRIPE, POSTMARK));
    }

    // ---- results -----------------------------------------------------------------------------------

    /** The rejection of a refused result; fails the test if it passed. */
    public static Rejection refusal(Result<?> result) {
        if (result instanceof Result.Refused<?> refused) {
            return refused.why();
        }
        throw new AssertionError("Expected a refusal but was " + result);
    }

    public static <T> T ok(Result<T> result) {
        if (result instanceof Result.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("Expected Ok but was " + result);
    }

    /** The decision at checkout on {@code order} for {@code who}, under this fixture's policy history and ids. */
    public CheckoutConsent.Decision checkout(Account who, Order order, CheckoutConsent.Boxes boxes, Instant at) {
        return CheckoutConsent.atCheckout(who, order, boxes, history(), ids, at);
    }

    /** The order's selfie {@code id} is pending deletion, for {@code reason}, since {@code since}. */
    public static void assertSelfiePendingDeletion(Order order, SelfieId id, DeletionReason reason, Instant since) {
        assertThat(order.selfie(id)).get().isInstanceOfSatisfying(Selfie.PendingDeletion.class, p -> {
            assertThat(p.reason()).isEqualTo(reason);
            assertThat(p.since()).isEqualTo(since);
        });
    }

    /** Every selfie of the order is pending deletion, for {@code reason}. */
    public static void assertSelfiesPendingDeletion(Order order, DeletionReason reason) {
        assertThat(order.selfies())
                .allSatisfy(s -> assertThat(s)
                        .isInstanceOfSatisfying(
                                Selfie.PendingDeletion.class,
                                p -> assertThat(p.reason()).isEqualTo(reason)));
    }

    /** The order's vendor model has had its deletion asked for, for {@code reason}. */
    public static void assertModelDeletionRequested(Order order, DeletionReason reason) {
        assertThat(order.model())
                .get()
                .isInstanceOfSatisfying(
                        VendorModel.DeletionRequested.class,
                        m -> assertThat(m.reason()).isEqualTo(reason));
    }

    /** The checkout was refused for {@code reason}. */
    public static void assertRefused(CheckoutConsent.Decision decision, Rejection.Reason reason) {
        assertThat(decision)
                .isInstanceOfSatisfying(
                        CheckoutConsent.Decision.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(reason));
    }

    /** The checkout was refused for {@code reason}, with no consent record to append. */
    public static void assertRefusedWithoutRecords(CheckoutConsent.Decision decision, Rejection.Reason reason) {
        assertThat(decision).isInstanceOfSatisfying(CheckoutConsent.Decision.Refused.class, r -> {
            assertThat(r.why().reason()).isEqualTo(reason);
            assertThat(r.records()).isEmpty();
        });
    }
}
