package ai.kaptura.ports.out.contract;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentRecordId;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.CheckoutRef;
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
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.ErasureChecklist;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.Refusal;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.WrappedDataKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sample data for the storage contracts, built through the domain's own operations so that every value
 * is one the application can really produce.
 *
 * <p>Ids are unique within a JVM run (a counter in a fixed, well-formed UUID shape). Instants are whole
 * milliseconds with a non-zero millisecond part: a store must keep at least millisecond precision, but
 * is not asked for nanoseconds. Texts include non-ASCII characters, so a store must keep UTF-8 intact.
 */
public final class ContractFixtures {

    private ContractFixtures() {}

    /** The fixtures' "now": Monday 2 March 2026, 09:15:30.123 UTC. */
    public static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123Z");

    private static final AtomicLong COUNTER = new AtomicLong();

    // ---- ids and time -------------------------------------------------------------------------

    /** A fresh UUID, unique within the run: {@code 6b617074-7572-4000-8000-<counter>}. */
    public static UUID uuid() {
        return new UUID(0x6b61_7074_7572_4000L, 0x8000_0000_0000_0000L | COUNTER.incrementAndGet());
    }

    public static AccountId accountId() {
        return new AccountId(uuid());
    }

    public static OrderId orderId() {
        return new OrderId(uuid());
    }

    public static PrivacyRequestId requestId() {
        return new PrivacyRequestId(uuid());
    }

    /** {@link #T0} plus {@code minutes} minutes (negative for earlier). */
    public static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** {@link #T0} plus {@code days} days (negative for earlier). */
    public static Instant days(long days) {
        return T0.plus(Duration.ofDays(days));
    }

    /** A fresh, unique email address, such as {@code ann.17@example.org}. */
    public static EmailAddress email(String name) {
        return EmailAddress.of(name + "." + COUNTER.incrementAndGet() + "@example.org");
    }

    // ---- accounts -----------------------------------------------------------------------------

    public static final NoticeVersion POLICY_2026_01 = new NoticeVersion("2026-01");

    /** A new, active account (version 0) opened at {@code at}. */
    public static Account newAccount(EmailAddress email, Instant at) {
        return Account.open(accountId(), email, at);
    }

    public static Account newAccount(Instant at) {
        return newAccount(email("person"), at);
    }

    /** An active account with two age attestations and a later last interaction (version 0). */
    public static Account attestedAccount(Instant at) {
        return newAccount(at)
                .attest(new AgeAttestation(POLICY_2026_01, AgeAttestation.Where.SIGN_UP, at.plusMillis(250)))
                .attest(new AgeAttestation(
                        new NoticeVersion("2026-02.b"), AgeAttestation.Where.CHECKOUT, at.plus(Duration.ofDays(2))))
                .touch(at.plus(Duration.ofDays(3)));
    }

    public static MinorFlag minorFlag(Instant at) {
        return new MinorFlag(
                at, MinorFlag.Source.PARENT_OR_GUARDIAN, "Parent wrote to support: the person is 16 – ärgerlich");
    }

    // ---- orders -------------------------------------------------------------------------------

    public static final StyleId STUDIO = new StyleId("studio-grey");
    public static final StyleId OUTDOOR = new StyleId("outdoor-natural");
    public static final StyleId OFFICE = new StyleId("office-bright");

    public static final Plan PLAN = new Plan(
            new PlanId("pro"),
            "Pro",
            40,
            2,
            Money.of(2_900, "EUR"),
            List.of(
                    new Style(STUDIO, "Studio grey", "A plain grey studio backdrop, soft key light"),
                    new Style(OUTDOOR, "Outdoor", "Natural light outdoors, shallow depth of field"),
                    new Style(OFFICE, "Office", "A bright office, blurred")));

    public static final ModelRef MODEL = new ModelRef("tune_8841:v1");
    public static final String VENDOR = "astria";

    /** An empty private draft with two styles, created at {@code at}. */
    public static Order draft(AccountId account, Instant at) {
        return draft(orderId(), account, at);
    }

    public static Order draft(OrderId id, AccountId account, Instant at) {
        return Order.draft(id, account, PLAN, List.of(STUDIO, OUTDOOR), at);
    }

    /** A draft holding {@code count} stored selfies, uploaded one second apart from {@code at}. */
    public static Order draftWithSelfies(AccountId account, Instant at, int count) {
        Order order = draft(account, at);
        for (int i = 0; i < count; i++) {
            SelfieId id = new SelfieId(uuid());
            Instant uploaded = at.plusSeconds(i + 1);
            Selfie.Stored selfie = new Selfie.Stored(
                    id,
                    photo("selfie", account, id.value()),
                    Digest.sha256("selfie " + id),
                    2_000_000L + id.value().getLeastSignificantBits() % 1_000,
                    uploaded);
            order = order.addSelfie(selfie).orElseThrow();
        }
        return order;
    }

    public static PhotoRef photo(String kind, AccountId owner, UUID id) {
        return new PhotoRef(kind + "/" + owner + "/" + id);
    }

    public static Headshot headshot(AccountId owner, StyleId style, Instant at) {
        HeadshotId id = new HeadshotId(uuid());
        return new Headshot(
                id,
                style,
                photo("headshot", owner, id.value()),
                Digest.sha256("headshot " + id),
                new AiMarker(uuid()),
                at);
    }

    public static DeletionEvidence selfieEvidence(Selfie selfie, DeletionReason why, Instant at) {
        return new DeletionEvidence(
                DataCategory.SELFIE,
                selfie.id().toString(),
                Location.PHOTO_VAULT,
                at,
                why,
                "object removed; the vault answered 404 – gelöscht");
    }

    public static DeletionEvidence modelEvidence(ModelRef model, DeletionReason why, Instant at) {
        return new DeletionEvidence(
                DataCategory.VENDOR_MODEL,
                model.value(),
                Location.processor(VENDOR),
                at,
                why,
                "GET /tunes/8841 answered 404 Not Found");
    }

    /** Awaiting payment, with the minimum eight selfies, checkout started at {@code at + 10 min} and opened by the processor. */
    public static Order awaitingPayment(AccountId account, Instant at) {
        Order order = draftWithSelfies(account, at, 8).awaitPayment(at.plus(Duration.ofMinutes(10)));
        return order.checkoutOpened(
                1,
                new CheckoutRef("cs_test_a1" + COUNTER.incrementAndGet()),
                order.price(),
                at.plus(Duration.ofMinutes(10)).plusMillis(250));
    }

    public static Order paid(AccountId account, Instant at) {
        return awaitingPayment(account, at)
                .paid(new PaymentRef("pi_3PaBcD_" + COUNTER.incrementAndGet()), at.plus(Duration.ofMinutes(12)));
    }

    /** Training: every selfie sent to the vendor, the model requested. */
    public static Order training(AccountId account, Instant at) {
        return paid(account, at).trainingStarted(MODEL, at.plus(Duration.ofMinutes(13)));
    }

    /** Generating: the model trained, two headshots stored. */
    public static Order generating(AccountId account, Instant at) {
        Order order = training(account, at).modelTrained(at.plus(Duration.ofMinutes(40)));
        return order.headshotStored(headshot(account, STUDIO, at.plus(Duration.ofMinutes(50))))
                .headshotStored(headshot(account, OUTDOOR, at.plus(Duration.ofMinutes(51))));
    }

    /**
     * Delivered: selfies due for deletion, two of them deleted with evidence; the model's deletion
     * requested and found still there twice.
     */
    public static Order delivered(AccountId account, Instant at) {
        Instant deliveredAt = at.plus(Duration.ofMinutes(55));
        Order order = generating(account, at)
                .deliver(deliveredAt)
                .markSelfiesForDeletion(DeletionReason.HEADSHOTS_DELIVERED, deliveredAt);
        for (Selfie selfie : order.selfies().subList(0, 2)) {
            order = order.selfieDeleted(
                    selfieEvidence(selfie, DeletionReason.HEADSHOTS_DELIVERED, deliveredAt.plusSeconds(30)));
        }
        return order.requestModelDeletion(DeletionReason.HEADSHOTS_DELIVERED, deliveredAt)
                .modelDeletionAttemptFailed(deliveredAt.plus(Duration.ofHours(1)))
                .modelDeletionAttemptFailed(deliveredAt.plus(Duration.ofHours(7)));
    }

    /** Delivered, with every selfie deleted and the model's deletion confirmed by the vendor. */
    public static Order deliveredAndCleanedUp(AccountId account, Instant at) {
        Order order = delivered(account, at);
        Instant later = at.plus(Duration.ofDays(1));
        for (Selfie selfie : order.selfies()) {
            if (selfie instanceof Selfie.PendingDeletion) {
                order = order.selfieDeleted(selfieEvidence(selfie, DeletionReason.HEADSHOTS_DELIVERED, later));
            }
        }
        return order.modelDeletionConfirmed(
                modelEvidence(MODEL, DeletionReason.HEADSHOTS_DELIVERED, later.plusSeconds(5)));
    }

    /** Failed while training: selfies due for deletion, the untrained model's deletion requested. */
    public static Order failed(AccountId account, Instant at) {
        Instant failedAt = at.plus(Duration.ofMinutes(30));
        return training(account, at)
                .fail("The vendor rejected the training set: «too blurry»", failedAt)
                .markSelfiesForDeletion(DeletionReason.ORDER_ENDED_UNDELIVERED, failedAt)
                .requestModelDeletion(DeletionReason.ORDER_ENDED_UNDELIVERED, failedAt);
    }

    /** Refunded after failing. */
    public static Order refunded(AccountId account, Instant at) {
        return failed(account, at).refunded(at.plus(Duration.ofHours(2)));
    }

    /** Cancelled because consent was withdrawn while generating. */
    public static Order cancelledByWithdrawal(AccountId account, Instant at) {
        return generating(account, at)
                .stopProcessing(DeletionReason.CONSENT_WITHDRAWN, at.plus(Duration.ofMinutes(52)));
    }

    /** Cancelled when paid, after which the vendor still accepted a training (the race R7 and R14 close). */
    public static Order cancelledThenModelCreated(AccountId account, Instant at) {
        return paid(account, at)
                .cancel(
                        "account erasure requested",
                        at.plus(Duration.ofMinutes(12)).plusMillis(500))
                .modelCreatedAfterStop(MODEL, at.plus(Duration.ofMinutes(14)));
    }

    /** A draft whose owner removed one of nine selfies, and went back from checkout once. */
    public static Order draftAfterCheckoutAbandoned(AccountId account, Instant at) {
        Order order = draftWithSelfies(account, at, 9);
        order = order.discardSelfie(order.selfies().get(3).id(), at.plus(Duration.ofMinutes(5)))
                .orElseThrow();
        return order.awaitPayment(at.plus(Duration.ofMinutes(6)))
                .checkoutOpened(
                        1,
                        new CheckoutRef("cs_test_b1" + COUNTER.incrementAndGet()),
                        Money.of(4_200, "JPY"),
                        at.plus(Duration.ofMinutes(6)).plusMillis(125))
                .backToDraft("checkout expired", at.plus(Duration.ofMinutes(36)));
    }

    /** One order in each lifecycle state (and each selfie and vendor-model state), by name, all of {@code account}. */
    public static Map<String, Order> ordersInEveryState(AccountId account, Instant at) {
        Map<String, Order> all = new LinkedHashMap<>();
        all.put("empty draft", draft(account, at));
        all.put("draft with selfies", draftWithSelfies(account, at, 3));
        all.put("draft after an abandoned checkout, one selfie removed", draftAfterCheckoutAbandoned(account, at));
        all.put("awaiting payment", awaitingPayment(account, at));
        all.put("paid", paid(account, at));
        all.put("training (selfies sent, model requested)", training(account, at));
        all.put("generating (model trained, headshots stored)", generating(account, at));
        all.put("delivered (selfies pending deletion and deleted, model deletion requested)", delivered(account, at));
        all.put("delivered and cleaned up (model deletion confirmed)", deliveredAndCleanedUp(account, at));
        all.put("failed", failed(account, at));
        all.put("refunded", refunded(account, at));
        all.put("cancelled by withdrawal", cancelledByWithdrawal(account, at));
        all.put("cancelled, then a model created after the stop", cancelledThenModelCreated(account, at));
        return all;
    }

    // ---- consent ------------------------------------------------------------------------------

    /** Austrian German: the language the fixtures' consent records are made in (and no store's placeholder). */
    public static final Language GERMAN_AUSTRIA = new Language("de-AT");

    public static ConsentRecord consent(
            AccountId account,
            Optional<OrderId> order,
            ConsentPurpose purpose,
            ConsentDecision decision,
            ConsentMethod method,
            Instant at) {
        return new ConsentRecord(
                new ConsentRecordId(uuid()),
                account,
                order,
                purpose,
                decision,
                POLICY_2026_01,
                Digest.sha256("Notice for " + purpose + " – Fassung 2026-01"),
                method,
                GERMAN_AUSTRIA,
                at);
    }

    public static ConsentRecord grant(AccountId account, OrderId order, ConsentPurpose purpose, Instant at) {
        return consent(
                account, Optional.of(order), purpose, ConsentDecision.GRANTED, ConsentMethod.CHECKBOX_AT_CHECKOUT, at);
    }

    public static ConsentRecord refusal(AccountId account, OrderId order, ConsentPurpose purpose, Instant at) {
        return consent(
                account, Optional.of(order), purpose, ConsentDecision.REFUSED, ConsentMethod.CHECKBOX_AT_CHECKOUT, at);
    }

    public static ConsentRecord withdrawal(AccountId account, ConsentPurpose purpose, Instant at) {
        return consent(
                account,
                Optional.empty(),
                purpose,
                ConsentDecision.WITHDRAWN,
                ConsentMethod.WITHDRAWAL_ON_PRIVACY_PAGE,
                at);
    }

    // ---- policy -------------------------------------------------------------------------------

    /**
     * A policy version with every notice kind in English and Austrian German, the notices in a fixed
     * (non-alphabetical) order, one of them long and full of non-ASCII text.
     */
    public static PolicyVersion policyVersion(String label, Instant effectiveAt, boolean material) {
        List<Notice> notices = new ArrayList<>();
        for (Language language : List.of(GERMAN_AUSTRIA, Language.ENGLISH)) {
            for (NoticeKind kind : List.of(
                    NoticeKind.PRIVACY_POLICY,
                    NoticeKind.VENDOR_DISCLOSURE,
                    NoticeKind.BIOMETRIC_PROCESSING,
                    NoticeKind.ADULT_ATTESTATION)) {
                notices.add(new Notice(kind, language, noticeText(label, kind, language)));
            }
        }
        return new PolicyVersion(
                new NoticeVersion(label),
                effectiveAt,
                material,
                "Version " + label + ": clearer wording – «Änderungen» explained",
                notices);
    }

    private static String noticeText(String label, NoticeKind kind, Language language) {
        String head = kind + " (" + language + ", " + label + ")\n";
        if (kind == NoticeKind.PRIVACY_POLICY) {
            StringBuilder text = new StringBuilder(head);
            while (text.length() < 15_000) {
                text.append("Wir verarbeiten Ihre Selfies nur mit Ihrer ausdrücklichen Einwilligung. ")
                        .append("Données biométriques – 生体データ – \"quoted\" 'single' \\ back\\slash; 100% ✓\n");
            }
            return text.toString();
        }
        return head + "I agree that my selfies are used for " + kind.name().toLowerCase() + ". Ich stimme zu.";
    }

    // ---- privacy requests ---------------------------------------------------------------------

    public static final DeadlineCalendar CALENDAR = DeadlineCalendar.of(ZoneId.of("Europe/Vienna"));
    public static final ComplaintRoute COMPLAINT_ROUTE =
            new ComplaintRoute("Österreichische Datenschutzbehörde", "Barichgasse 40-42, 1030 Wien, dsb@dsb.gv.at");

    /** An open request of {@code kind} received at {@code at}, due on {@code dueOn} (version 0). */
    public static PrivacyRequest request(RequestKind kind, AccountId account, Instant at, LocalDate dueOn) {
        Optional<ErasureChecklist> checklist = kind == RequestKind.ERASURE
                ? Optional.of(
                        ErasureChecklist.covering(List.of(Location.processor(VENDOR), Location.processor("stripe"))))
                : Optional.empty();
        return new PrivacyRequest(
                requestId(),
                account,
                kind,
                Channel.ELECTRONIC,
                at,
                dueOn,
                Optional.empty(),
                PrivacyRequest.Status.RECEIVED,
                Optional.empty(),
                Optional.empty(),
                checklist,
                0);
    }

    /** An open request received at {@code at}, due as the calendar says (version 0). */
    public static PrivacyRequest request(RequestKind kind, AccountId account, Instant at) {
        return request(kind, account, at, CALENDAR.answerDue(at));
    }

    /**
     * An erasure, extended with a reason, with outcomes for three of its four locations: the database
     * erased with two pieces of evidence, the vault holding nothing, the payment processor retaining
     * under a legal basis, the AI vendor still open (version 0).
     */
    public static PrivacyRequest erasureInProgress(AccountId account, Instant at) {
        PrivacyRequest request = request(RequestKind.ERASURE, account, at);
        Result<PrivacyRequest> extended = request.extend(
                "Die Anbieterin bestätigt Löschungen erst nach 40 Tagen", at.plus(Duration.ofDays(3)), CALENDAR);
        Instant later = at.plus(Duration.ofDays(4));
        return extended.orElseThrow()
                .recordErasure(
                        Location.DATABASE,
                        new LocationOutcome.Erased(
                                List.of(
                                        new DeletionEvidence(
                                                        DataCategory.ACCOUNT,
                                                        account.toString(),
                                                        Location.DATABASE,
                                                        later,
                                                        DeletionReason.ACCOUNT_ERASED,
                                                        "email deleted, 2 orders deleted")
                                                .answered("committed: 1 account row changed, 2 order rows deleted", 3),
                                        new DeletionEvidence(
                                                        DataCategory.ORDER,
                                                        uuid().toString(),
                                                        Location.DATABASE,
                                                        later.plusMillis(7),
                                                        DeletionReason.ACCOUNT_ERASED,
                                                        "order row deleted")
                                                .answered("committed: 1 row deleted", 1)),
                                later.plusMillis(9)))
                .recordErasure(
                        Location.PHOTO_VAULT,
                        new LocationOutcome.NothingHeld(
                                "listed prefix selfie/ and headshot/: 0 objects", later.plusSeconds(1)))
                .recordErasure(
                        Location.processor("stripe"),
                        new LocationOutcome.RetainedWithBasis(
                                "payment records",
                                RetentionGround.LEGAL_OBLIGATION,
                                "§ 132 BAO (Austrian Federal Fiscal Code): seven years",
                                LocalDate.ofInstant(at, ZoneOffset.UTC).plusYears(7),
                                later.plusSeconds(2)));
    }

    /** A completed access request (version 0). */
    public static PrivacyRequest completedAccess(AccountId account, Instant at) {
        return request(RequestKind.ACCESS, account, at)
                .complete(at.plus(Duration.ofHours(2)))
                .orElseThrow();
    }

    /** A refused rectification, with reasons and the complaint route (version 0). */
    public static PrivacyRequest refusedRectification(AccountId account, Instant at) {
        return request(RequestKind.RECTIFICATION, account, at)
                .refuse(
                        new Refusal("The new address could not be verified – bitte erneut versuchen", COMPLAINT_ROUTE),
                        at.plus(Duration.ofDays(1)))
                .orElseThrow();
    }

    // ---- audit --------------------------------------------------------------------------------

    private static final AuditAction[] ACTIONS = AuditAction.values();

    /** The {@code n}-th of a varied series of events about {@code subject} (an order id, say). */
    public static AuditEvent auditEvent(String subjectType, String subjectId, int n) {
        Actor actor = switch (n % 4) {
            case 0 -> Actor.SYSTEM;
            case 1 -> Actor.person(new AccountId(new UUID(0, n)));
            case 2 -> Actor.vendor(VENDOR);
            default -> new Actor(Actor.Kind.AUDITOR, "auditor-1");
        };
        AuditEvent event = new AuditEvent(
                T0.plusMillis(n * 1_001L),
                actor,
                ACTIONS[n % ACTIONS.length],
                Subject.of(subjectType, subjectId),
                Rule.values()[n % Rule.values().length],
                Map.of());
        if (n % 3 != 0) {
            event = event.with("n", n).with("note", "Schritt " + n + " – ok ✓");
        }
        return event;
    }

    public static AuditEvent auditEvent(int n) {
        return auditEvent("order", "order-" + n, n);
    }

    // ---- sign-in ------------------------------------------------------------------------------

    public static final String CODE = "042917";

    /** A fresh challenge for {@code email} issued at {@code at}. */
    public static SignInChallenge challenge(EmailAddress email, Instant at) {
        return SignInChallenge.signIn(
                uuid(),
                email,
                CODE,
                "link-token-" + "x".repeat(40) + COUNTER.incrementAndGet(),
                java.util.Optional.empty(),
                at);
    }

    /** A sign-in challenge asked for by a known browser (its nonce {@code browser}). */
    public static SignInChallenge challengeFromBrowser(EmailAddress email, String browser, Instant at) {
        return SignInChallenge.signIn(
                uuid(),
                email,
                CODE,
                "link-token-" + "x".repeat(40) + COUNTER.incrementAndGet(),
                java.util.Optional.of(browser),
                at);
    }

    /** An address check of {@code email} asked for by {@code account}. */
    public static SignInChallenge addressCheck(AccountId account, EmailAddress email, Instant at) {
        return SignInChallenge.addressCheck(uuid(), account, email, CODE, at);
    }

    /** A session started at {@code createdAt} and last seen at {@code lastSeenAt}. */
    public static Session session(AccountId account, Instant createdAt, Instant lastSeenAt) {
        return new Session(Session.hashOf("session-token-" + uuid()), account, createdAt, lastSeenAt);
    }

    // ---- cookies, processors, keys, jobs ------------------------------------------------------

    public static final BannerVersion BANNER = new BannerVersion("banner-2026.02");

    public static VisitorId visitor() {
        return new VisitorId(uuid());
    }

    public static CookieChoice cookieChoice(VisitorId visitor, boolean analytics, Instant at) {
        return new CookieChoice(visitor, analytics, BANNER, at);
    }

    public static Processor processor(String name) {
        return new Processor(
                name,
                name + " Inc. – «Ünïcode»",
                "Trains a personal model and generates headshots",
                EnumSet.of(DataCategory.SELFIE, DataCategory.VENDOR_MODEL, DataCategory.HEADSHOT),
                "US",
                Optional.of(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK),
                "dpa/" + name + "-2026-01.pdf");
    }

    /** A registry entry still missing most of what it needs (blank texts, no categories, no transfer basis). */
    public static Processor incompleteProcessor(String name) {
        return new Processor(name, "", "", Set.of(), "", Optional.empty(), "");
    }

    /** A wrapped key whose bytes are all {@code fill} (so two keys are easy to tell apart), 40 bytes long. */
    public static WrappedDataKey wrappedKey(int fill, Instant at) {
        byte[] bytes = new byte[40];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (fill + i * 7);
        }
        return new WrappedDataKey(bytes, "master-key-2026-" + fill, at);
    }

    public static Job job(JobKind kind, String key, Instant runAt) {
        return new Job(kind, key, "payload " + key.replace(':', ' '), runAt);
    }
}
