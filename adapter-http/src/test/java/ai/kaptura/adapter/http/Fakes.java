package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
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
import ai.kaptura.domain.privacy.AccessReport;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.processor.Controller;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.AuditorReports;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.CreateOrder;
import ai.kaptura.ports.in.DiscardOrder;
import ai.kaptura.ports.in.EraseAccount;
import ai.kaptura.ports.in.ExportMyData;
import ai.kaptura.ports.in.ListHeadshots;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.in.RecordCookieChoice;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.in.ViewOrders;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.contract.ContractFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hand-written in-memory stand-ins for every use case the adapter calls: just enough behaviour to answer,
 * and a record of what they were given, so tests can see exactly what crossed the adapter.
 */
final class Fakes {

    static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    static final InstantSource CLOCK = InstantSource.fixed(NOW);
    static final String GOOD_CODE = "123456";
    static final String GOOD_LINK = "link-token-ok";
    static final NoticeVersion VERSION = new NoticeVersion("2026-01");
    static final Plan STARTER = new Plan(
            new PlanId("starter"),
            "Starter",
            20,
            2,
            Money.of(2900, "EUR"),
            List.of(
                    new Style(new StyleId("studio-grey"), "Studio grey", "A plain grey studio backdrop"),
                    new Style(new StyleId("office"), "Office", "A bright, blurred office"),
                    new Style(new StyleId("outdoor"), "Outdoor", "Soft daylight outdoors")));
    /** The first bytes of a JPEG, enough for the media type to be recognised. */
    static final byte[] JPEG = HexFormat.of().parseHex("ffd8ffe000104a46494600010100000100010000ffd9");

    final SignInFake signIn = new SignInFake();
    final OrdersFake orders = new OrdersFake();
    final EventsFake events = new EventsFake();
    final PolicyFake policy = new PolicyFake();
    final PrivacyFake privacy = new PrivacyFake();
    final CookiesFake cookies = new CookiesFake();
    final AuditorFake auditor = new AuditorFake();
    final SandboxFake sandbox = new SandboxFake();
    final RateLimitsFake limits = new RateLimitsFake();
    final OperatorFake operator = new OperatorFake(auditor::recordOfProcessing);

    // ---- sign-in ----------------------------------------------------------------------------------

    static final class SignInFake implements SignIn {
        final Set<String> known = ConcurrentHashMap.newKeySet();
        final Map<String, AccountId> sessions = new ConcurrentHashMap<>();
        final Map<String, AccountId> accounts = new ConcurrentHashMap<>();
        final List<EmailAddress> started = new CopyOnWriteArrayList<>();
        /** The browser nonce each start came with, in order. */
        final List<Optional<String>> browsers = new CopyOnWriteArrayList<>();
        /** The browser nonce each link was followed with, in order. */
        final List<Optional<String>> followedWith = new CopyOnWriteArrayList<>();

        private final AtomicInteger tokens = new AtomicInteger();
        /** Accounts that have not said yet that they are 18 or older; every other one has (R42). */
        final Set<AccountId> ageNotStated = ConcurrentHashMap.newKeySet();
        /** The notice versions each 18+ statement was made with, in order. */
        final List<NoticeVersion> ageStatedWith = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Rejection> stateAdult(AccountId account, NoticeVersion shown, boolean adult) {
            if (!adult) {
                return Optional.of(
                        Rejection.of(Rejection.Reason.ADULT_ATTESTATION_MISSING, "Kaptura is for adults only"));
            }
            ageStatedWith.add(shown);
            ageNotStated.remove(account);
            return Optional.empty();
        }

        @Override
        public boolean hasStatedAdult(AccountId account) {
            return !ageNotStated.contains(account);
        }

        @Override
        public Started start(Start command) {
            started.add(command.email());
            browsers.add(command.browser());
            return new Started.CodeSent();
        }

        @Override
        public Verified verify(VerifyCode command) {
            if (!GOOD_CODE.equals(command.code())) {
                return new Verified.Refused(
                        Rejection.of(Rejection.Reason.SIGN_IN_CODE_INVALID, "That code is not right"));
            }
            return signIn(command.email().value());
        }

        @Override
        public Verified follow(FollowLink command) {
            followedWith.add(command.browser());
            if (!GOOD_LINK.equals(command.token())) {
                return new Verified.Refused(Rejection.of(Rejection.Reason.SIGN_IN_CODE_EXPIRED, "That link expired"));
            }
            return signIn("link@example.org");
        }

        /** A new session for {@code email}: its opaque token. */
        String sessionFor(String email) {
            return ((Verified.SignedIn) signIn(email)).sessionToken();
        }

        private Verified signIn(String email) {
            boolean isNew = !accounts.containsKey(email);
            AccountId account =
                    accounts.computeIfAbsent(email, e -> new AccountId(new UUID(0x1000L + accounts.size(), 7)));
            String token = "session-" + tokens.incrementAndGet() + "-"
                    + UUID.nameUUIDFromBytes(email.getBytes(StandardCharsets.UTF_8));
            sessions.put(token, account);
            return new Verified.SignedIn(account, token, isNew);
        }

        @Override
        public Optional<AccountId> authenticate(String sessionToken) {
            return Optional.ofNullable(sessions.get(sessionToken));
        }

        @Override
        public void signOut(String sessionToken) {
            sessions.remove(sessionToken);
        }

        @Override
        public int signOutEverywhere(AccountId account) {
            int before = sessions.size();
            sessions.values().removeIf(account::equals);
            return before - sessions.size();
        }
    }

    // ---- limits per network ----------------------------------------------------------------------

    /** Fixed windows per limit and key, in memory, on the fakes' clock: the limits as one node would count them. */
    static final class RateLimitsFake implements RateLimits {
        final Map<String, Integer> counts = new ConcurrentHashMap<>();
        final List<String> keys = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Duration> attempt(Limit limit, String key) {
            keys.add(limit.name() + " " + key);
            int count = counts.merge(limit.name() + " " + key, 1, Integer::sum);
            return count > limit.attempts() ? Optional.of(limit.window()) : Optional.empty();
        }

        @Override
        public int removeExpired() {
            return 0;
        }
    }

    // ---- orders, selfies, checkout, headshots -----------------------------------------------------

    static class OrdersFake implements ViewOrders, CreateOrder, DiscardOrder, UploadSelfie, CheckOut, ListHeadshots {
        final Map<OrderId, Order> orders = new ConcurrentHashMap<>();
        final Map<OrderId, List<Headshot>> headshots = new ConcurrentHashMap<>();
        final List<CheckOut.Command> checkouts = new CopyOnWriteArrayList<>();
        final List<CheckOut.Command> renewals = new CopyOnWriteArrayList<>();
        /** Bytes each upload attempt could read, in order. */
        final List<Long> uploadBytesSeen = new CopyOnWriteArrayList<>();
        /** Selfies kept (and not removed since). */
        final Map<SelfieId, byte[]> kept = new ConcurrentHashMap<>();

        final List<SelfieId> removed = new CopyOnWriteArrayList<>();
        /** When set, a failed read is ignored and whatever arrived is stored, as a careless use case might. */
        volatile boolean keepPartialUploads;
        /** Runs once an upload's bytes are all read, before it is stored: a stand-in for the sanitiser's work and waits. */
        volatile Runnable whileUploading = () -> {};
        /**
         * When set, the owner is ignored, as a careless use case might: every order is "mine" and every headshot
         * opens for anyone. The authorisation sweep must notice (R37).
         */
        volatile boolean ignoreOwner;
        /** Why processing waits, by order (what the use case would answer for an order in production). */
        final Map<OrderId, Rejection> blockers = new ConcurrentHashMap<>();

        private final AtomicLong ids = new AtomicLong();

        Order draftFor(AccountId account) {
            OrderId id = new OrderId(new UUID(0x2000L, ids.incrementAndGet()));
            Order order = Order.draft(id, account, STARTER, List.of(new StyleId("studio-grey")), NOW);
            orders.put(id, order);
            return order;
        }

        /** The stale-consent wait's reason, as the use case words it. */
        static final String RENEW_CONSENT =
                "The privacy policy changed how your selfies are processed; please renew your consent";

        /** A paid order that waits for the person to renew consent under a new policy version (R9). */
        Order paidAwaitingRenewal(AccountId account) {
            Order paid = ContractFixtures.paid(account, NOW);
            orders.put(paid.id(), paid);
            blockers.put(paid.id(), Rejection.of(Rejection.Reason.CONSENT_STALE, RENEW_CONSENT));
            return paid;
        }

        Headshot deliverHeadshot(Order order) {
            long n = ids.incrementAndGet();
            UUID uuid = new UUID(0x3000L, n);
            Headshot headshot = new Headshot(
                    new HeadshotId(uuid),
                    new StyleId("studio-grey"),
                    new PhotoRef("headshot/" + uuid),
                    Digest.sha256(JPEG),
                    new AiMarker(new UUID(0x4000L, n)),
                    NOW);
            headshots
                    .computeIfAbsent(order.id(), k -> new CopyOnWriteArrayList<>())
                    .add(headshot);
            return headshot;
        }

        @Override
        public List<Plan> plans() {
            return List.of(STARTER);
        }

        /** The fake's thumbnail of a live selfie of one's own order: a fixed JPEG. */
        @Override
        public Optional<byte[]> selfieThumbnail(AccountId account, OrderId order, SelfieId selfie) {
            return mine(account, order)
                    .flatMap(o -> o.selfie(selfie))
                    .filter(Selfie::isLive)
                    .map(s -> JPEG.clone());
        }

        @Override
        public List<Order> mine(AccountId account) {
            return orders.values().stream()
                    .filter(o -> ignoreOwner || o.belongsTo(account))
                    .toList();
        }

        @Override
        public Optional<Order> mine(AccountId account, OrderId order) {
            return Optional.ofNullable(orders.get(order)).filter(o -> ignoreOwner || o.belongsTo(account));
        }

        @Override
        public Optional<Rejection> processingBlocker(AccountId account, OrderId order) {
            return mine(account, order).map(o -> blockers.get(o.id()));
        }

        /** R51: the advice the order page shows, by selfie, as a test sets it. */
        final Map<SelfieId, SelfieAdvice> advice = new ConcurrentHashMap<>();

        /** How many times the routes asked for advice. */
        final java.util.concurrent.atomic.AtomicInteger adviceAsked = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Map<SelfieId, SelfieAdvice> advice(AccountId account, OrderId order) {
            adviceAsked.incrementAndGet();
            return mine(account, order)
                    .map(o -> {
                        Map<SelfieId, SelfieAdvice> out = new java.util.HashMap<>();
                        o.selfies()
                                .forEach(s ->
                                        Optional.ofNullable(advice.get(s.id())).ifPresent(a -> out.put(s.id(), a)));
                        return Map.copyOf(out);
                    })
                    .orElse(Map.of());
        }

        /** R51: the orders whose advice a test says is still being computed. */
        final java.util.Set<OrderId> adviceUnderWay = ConcurrentHashMap.newKeySet();

        @Override
        public java.util.Set<SelfieId> adviceUnderWay(AccountId account, OrderId order) {
            // A fake's order under way: each of its photos without advice is being checked.
            return mine(account, order)
                    .filter(o -> adviceUnderWay.contains(order))
                    .map(o -> o.liveSelfies().stream()
                            .map(ai.kaptura.domain.biometric.Selfie::id)
                            .filter(id -> !advice.containsKey(id))
                            .collect(java.util.stream.Collectors.toUnmodifiableSet()))
                    .orElse(java.util.Set.of());
        }

        @Override
        public CreateOrder.Outcome handle(CreateOrder.Command command) {
            if (!command.plan().equals(STARTER.id())) {
                return new CreateOrder.Outcome.Refused(
                        Rejection.of(Rejection.Reason.UNKNOWN_PLAN, "No plan " + command.plan()));
            }
            Result<List<StyleId>> styles = STARTER.choose(command.styles());
            if (styles instanceof Result.Refused<List<StyleId>> refused) {
                return new CreateOrder.Outcome.Refused(refused.why());
            }
            OrderId id = new OrderId(new UUID(0x2000L, ids.incrementAndGet()));
            Order order = Order.draft(id, command.account(), STARTER, command.styles(), NOW);
            orders.put(id, order);
            return new CreateOrder.Outcome.Created(order);
        }

        @Override
        public DiscardOrder.Outcome discard(DiscardOrder.Command command) {
            Optional<Order> order = mine(command.account(), command.order());
            if (order.isEmpty()) {
                return new DiscardOrder.Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such order"));
            }
            return switch (order.get().discard(NOW)) {
                case Result.Ok<Order>(Order discarded) -> {
                    orders.put(discarded.id(), discarded);
                    yield new DiscardOrder.Outcome.Discarded(
                            discarded.id(), discarded.selfies().size());
                }
                case Result.Refused<Order>(Rejection why) -> new DiscardOrder.Outcome.Refused(why);
            };
        }

        /** Reads the whole upload the way a sanitiser would; a failed read keeps nothing. */
        @Override
        public UploadSelfie.Outcome upload(Upload command) {
            Order order = mine(command.account(), command.order()).orElse(null);
            if (order == null) {
                return new UploadSelfie.Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such order"));
            }
            byte[] bytes;
            long[] seen = {0};
            try (InputStream in = command.content()) {
                java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                try {
                    while ((n = in.read(buffer)) >= 0) {
                        seen[0] += n;
                        copy.write(buffer, 0, n);
                    }
                } finally {
                    uploadBytesSeen.add(seen[0]);
                }
                bytes = copy.toByteArray();
            } catch (IOException e) {
                if (!keepPartialUploads) {
                    return new UploadSelfie.Outcome.Refused(Rejection.of(
                            Rejection.Reason.INVALID_VALUE, "The photo could not be read: " + e.getMessage()));
                }
                bytes = new byte[(int) seen[0]];
            }
            if (bytes.length == 0) {
                return new UploadSelfie.Outcome.Refused(
                        Rejection.of(Rejection.Reason.INVALID_VALUE, "The file is empty"));
            }
            whileUploading.run();
            SelfieId selfie = new SelfieId(new UUID(0x5000L, ids.incrementAndGet()));
            Result<Order> added = order.addSelfie(new Selfie.Stored(
                    selfie, new PhotoRef("selfie/" + selfie.value()), Digest.sha256(bytes), bytes.length, NOW));
            return switch (added) {
                case Result.Ok<Order> ok -> {
                    orders.put(order.id(), ok.value());
                    kept.put(selfie, bytes);
                    yield new UploadSelfie.Outcome.Uploaded(
                            selfie, ok.value().liveSelfies().size());
                }
                case Result.Refused<Order> no -> new UploadSelfie.Outcome.Refused(no.why());
            };
        }

        @Override
        public UploadSelfie.Outcome remove(Remove command) {
            Order order = mine(command.account(), command.order()).orElse(null);
            if (order == null) {
                return new UploadSelfie.Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such order"));
            }
            return switch (order.discardSelfie(command.selfie(), NOW)) {
                case Result.Ok<Order> ok -> {
                    orders.put(order.id(), ok.value());
                    kept.remove(command.selfie());
                    removed.add(command.selfie());
                    yield new UploadSelfie.Outcome.Removed(command.selfie());
                }
                case Result.Refused<Order> no -> new UploadSelfie.Outcome.Refused(no.why());
            };
        }

        @Override
        public CheckOut.Outcome handle(CheckOut.Command command) {
            checkouts.add(command);
            return decide(command);
        }

        private CheckOut.Outcome decide(CheckOut.Command command) {
            if (mine(command.account(), command.order()).isEmpty()) {
                return new CheckOut.Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such order"));
            }
            if (!command.biometricProcessing() || !command.vendorDisclosure()) {
                return new CheckOut.Outcome.Refused(Rejection.of(
                        Rejection.Reason.CONSENT_REFUSED,
                        "Both consents are needed before your selfies can be used; your choice was recorded"));
            }
            if (!command.adult()) {
                return new CheckOut.Outcome.Refused(
                        Rejection.of(Rejection.Reason.ADULT_ATTESTATION_MISSING, "Kaptura is for adults only"));
            }
            return new CheckOut.Outcome.Ready("http://localhost/sandbox/checkout/ref-" + command.order());
        }

        /** Like checkout, recorded apart; an accepted renewal lifts the order's processing blocker, as the use case's does. */
        @Override
        public CheckOut.Outcome renew(CheckOut.Command command) {
            renewals.add(command);
            CheckOut.Outcome outcome = decide(command);
            if (outcome instanceof CheckOut.Outcome.Ready) {
                blockers.remove(command.order());
                return new CheckOut.Outcome.Ready("http://localhost/orders/" + command.order());
            }
            return outcome;
        }

        @Override
        public List<Headshot> of(AccountId account, OrderId order) {
            return mine(account, order)
                    .map(o -> headshots.getOrDefault(o.id(), List.of()))
                    .orElse(List.of());
        }

        @Override
        public Optional<File> open(AccountId account, HeadshotId id) {
            for (Map.Entry<OrderId, List<Headshot>> entry : headshots.entrySet()) {
                Order order = orders.get(entry.getKey());
                if (order != null && (ignoreOwner || order.belongsTo(account))) {
                    for (Headshot h : entry.getValue()) {
                        if (h.id().equals(id)) {
                            return Optional.of(new File(h, new ByteArrayInputStream(JPEG)));
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    // ---- vendor events ----------------------------------------------------------------------------

    static final class EventsFake implements ReceivePaymentEvent, ReceiveGeneratorEvent {
        volatile byte[] paymentBody;
        volatile Map<String, List<String>> paymentHeaders;
        volatile String generatorToken;
        volatile byte[] generatorBody;
        volatile Map<String, List<String>> generatorHeaders;
        volatile String answer = "applied";

        @Override
        public ReceivePaymentEvent.Outcome handle(byte[] body, Map<String, List<String>> headers) {
            paymentBody = body;
            paymentHeaders = headers;
            return switch (answer) {
                case "applied" -> new ReceivePaymentEvent.Outcome.Applied("evt_1");
                case "ignored" -> new ReceivePaymentEvent.Outcome.Ignored("evt_1", "duplicate");
                default ->
                    new ReceivePaymentEvent.Outcome.Rejected(
                            Rejection.of(Rejection.Reason.EVENT_NOT_AUTHENTIC, "Bad signature"));
            };
        }

        @Override
        public ReceiveGeneratorEvent.Outcome handle(String token, byte[] body, Map<String, List<String>> headers) {
            generatorToken = token;
            generatorBody = body;
            generatorHeaders = headers;
            return switch (answer) {
                case "applied" -> new ReceiveGeneratorEvent.Outcome.Applied("tune-1");
                case "ignored" -> new ReceiveGeneratorEvent.Outcome.Ignored("tune-1", "already done");
                default ->
                    new ReceiveGeneratorEvent.Outcome.Rejected(
                            Rejection.of(Rejection.Reason.EVENT_MALFORMED, "Not a callback"));
            };
        }
    }

    // ---- policy -----------------------------------------------------------------------------------

    static PolicyVersion policyVersion() {
        List<Notice> notices = new ArrayList<>();
        for (NoticeKind kind : NoticeKind.values()) {
            notices.add(new Notice(
                    kind,
                    Language.ENGLISH,
                    "Notice text for " + kind.name().toLowerCase(java.util.Locale.ROOT)
                            + ": what we do, why, and for how long."));
        }
        return new PolicyVersion(VERSION, NOW.minus(Duration.ofDays(30)), true, "First published version", notices);
    }

    static RetentionSchedule schedule() {
        return RetentionPolicy.standard(Duration.ZERO).schedule();
    }

    static final class PolicyFake implements PublishPolicy {
        @Override
        public Outcome publish(PolicyVersion version) {
            return new Outcome.Published(version);
        }

        @Override
        public Current current() {
            return new Current(Optional.of(policyVersion()), schedule());
        }

        @Override
        public PolicyHistory history() {
            return new PolicyHistory(List.of(policyVersion()));
        }
    }

    // ---- privacy rights ---------------------------------------------------------------------------

    static final class PrivacyFake implements ExportMyData, RectifyEmail, WithdrawConsent, EraseAccount {
        final Map<AccountId, List<PrivacyRequest>> requests = new ConcurrentHashMap<>();
        final List<WithdrawConsent.Command> withdrawals = new CopyOnWriteArrayList<>();
        final List<String> rectifications = new CopyOnWriteArrayList<>();
        static final byte[] SELFIE = "selfie-bytes".getBytes(StandardCharsets.UTF_8);
        /**
         * When set, the owner is ignored, as a careless use case might: the export and the request list hold
         * everyone's. The authorisation sweep must notice (R37).
         */
        volatile boolean ignoreOwner;

        private final AtomicLong ids = new AtomicLong();

        private PrivacyRequest receive(AccountId account, RequestKind kind) {
            PrivacyRequest request = PrivacyRequest.receive(
                    new PrivacyRequestId(new UUID(0x6000L, ids.incrementAndGet())),
                    account,
                    kind,
                    Channel.ELECTRONIC,
                    NOW,
                    DeadlineCalendar.of(java.time.ZoneOffset.UTC),
                    List.of());
            requests.computeIfAbsent(account, a -> new CopyOnWriteArrayList<>()).add(request);
            return request;
        }

        @Override
        public Export export(AccountId account) {
            PrivacyRequest request = receive(account, RequestKind.ACCESS);
            AccessReport report = AccessReport.compose(
                    Set.of(DataCategory.ACCOUNT, DataCategory.SELFIE),
                    new ProcessorRegistry(List.of()),
                    List.of(),
                    RetentionPolicy.standard(Duration.ZERO),
                    new ComplaintRoute("The authority", "https://authority.example"),
                    NOW);
            String data =
                    ignoreOwner ? "{\"accounts\":\"" + requests.keySet() + "\"}" : "{\"account\":\"" + account + "\"}";
            return new Export(
                    request.id(),
                    report,
                    data,
                    List.of(new Part(
                            "selfies/one.jpg",
                            "image/jpeg",
                            Digest.sha256(SELFIE),
                            () -> new ByteArrayInputStream(SELFIE))));
        }

        @Override
        public RectifyEmail.Outcome start(Start command) {
            rectifications.add("start:" + command.newEmail().value());
            return new RectifyEmail.Outcome.CodeSent();
        }

        @Override
        public RectifyEmail.Outcome confirm(Confirm command) {
            rectifications.add("confirm:" + command.newEmail().value() + ":" + command.code());
            return GOOD_CODE.equals(command.code())
                    ? new RectifyEmail.Outcome.Changed(command.newEmail(), 0)
                    : new RectifyEmail.Outcome.Refused(
                            Rejection.of(Rejection.Reason.SIGN_IN_CODE_INVALID, "That code is not right"));
        }

        @Override
        public WithdrawConsent.Outcome handle(WithdrawConsent.Command command) {
            withdrawals.add(command);
            return new WithdrawConsent.Outcome(List.of(), 0, 0);
        }

        @Override
        public Accepted erase(AccountId account) {
            return new Accepted(receive(account, RequestKind.ERASURE).id());
        }

        @Override
        public List<PrivacyRequest> requests(AccountId account) {
            return ignoreOwner
                    ? requests.values().stream().flatMap(List::stream).toList()
                    : requests.getOrDefault(account, List.of());
        }
    }

    // ---- cookies ----------------------------------------------------------------------------------

    static final class CookiesFake implements RecordCookieChoice {
        static final BannerVersion BANNER = new BannerVersion("2026-01");
        final Map<VisitorId, Boolean> choices = new ConcurrentHashMap<>();
        final List<Command> recorded = new CopyOnWriteArrayList<>();

        @Override
        public State handle(Command command) {
            recorded.add(command);
            choices.put(command.visitor(), command.analytics());
            return current(command.visitor());
        }

        @Override
        public State current(VisitorId visitor) {
            Boolean choice = choices.get(visitor);
            return new State(choice == null, Boolean.TRUE.equals(choice), BANNER);
        }
    }

    // ---- auditor ----------------------------------------------------------------------------------

    static final class AuditorFake implements AuditorReports {
        @Override
        public List<Rule> rules() {
            return List.of(Rule.values());
        }

        @Override
        public List<AuditEntry> auditEntries(long fromSequence, int limit) {
            return List.of();
        }

        @Override
        public AuditChain.Verification verifyChain() {
            return new AuditChain.Verification.Intact(0, Digest.ZERO);
        }

        /** One checkpoint of entry 7, signed by a key made for the fake. */
        @Override
        public Anchors anchors(int limit) {
            try {
                java.security.KeyPair key = java.security.KeyPairGenerator.getInstance(
                                ai.kaptura.domain.audit.AuditCheckpoint.ALGORITHM)
                        .generateKeyPair();
                return new Anchors(
                        key.getPublic().getEncoded(),
                        List.of(new ai.kaptura.domain.audit.AuditCheckpoint(7, Digest.sha256("seven"), NOW)
                                        .sign(key.getPrivate()))
                                .subList(0, Math.min(1, limit)),
                        1);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public RecordOfProcessing recordOfProcessing() {
            return RecordOfProcessing.generate(
                    new Controller("Kaptura test", "privacy@example.org"),
                    new ProcessorRegistry(List.of()),
                    RetentionPolicy.standard(Duration.ZERO),
                    List.of(),
                    NOW);
        }

        @Override
        public RetentionSchedule retentionSchedule() {
            return schedule();
        }

        @Override
        public List<RequestLine> requestLog(int offset, int limit) {
            return List.of();
        }

        /** A ZIP of one part, as the real bundle is a ZIP of many. */
        @Override
        public Bundled bundle(java.io.OutputStream out) {
            try {
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
                zip.putNextEntry(new java.util.zip.ZipEntry("audit-log.txt"));
                zip.write("v1 fake\n".getBytes(StandardCharsets.UTF_8));
                zip.finish();
                return new Bundled(1, 0, 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public ConsentProof consentProof(AccountId account) {
            return new ConsentProof(account, List.of(), List.of(), List.of(policyVersion()));
        }
    }

    // ---- the sandbox checkout page ----------------------------------------------------------------

    static final class SandboxFake implements LocalCheckout {
        final Map<String, State> states = new ConcurrentHashMap<>(Map.of("chk_1", State.OPEN));
        final List<String> actions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Optional<Page> page(String reference, Instant now) {
            State state = states.get(reference);
            return state == null
                    ? Optional.empty()
                    : Optional.of(new Page(
                            reference,
                            new OrderId(new UUID(0x2000L, 99)),
                            Money.of(2900, "EUR"),
                            "Starter: 20 headshots",
                            NOW.plus(Duration.ofHours(24)),
                            "http://localhost/orders/x?paid=1",
                            "http://localhost/orders/x?cancelled=1",
                            state));
        }

        @Override
        public String pay(String reference, Instant now) {
            if (states.get(reference) != State.OPEN) {
                throw new IllegalStateException("Checkout " + reference + " is not open");
            }
            actions.add("pay:" + reference);
            states.put(reference, State.PAID);
            return "http://localhost/orders/x?paid=1";
        }

        @Override
        public String cancel(String reference, Instant now) {
            actions.add("cancel:" + reference);
            states.put(reference, State.CANCELLED);
            return "http://localhost/orders/x?cancelled=1";
        }
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
