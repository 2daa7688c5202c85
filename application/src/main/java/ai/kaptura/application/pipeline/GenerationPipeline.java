package ai.kaptura.application.pipeline;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.consent.ProcessingPolicy;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.ProcessedEvents;
import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.Transactions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * From payment to delivery: selfies go to the AI vendor only through the consent guard's permit (R1,
 * R4, R9, R17), only to a registered processor (R33); the vendor's callbacks (or, when one never
 * arrives, its status) move the order on; headshots are copied into our vault with their hash and AI
 * marker (R15, R43); delivery makes the selfies and the vendor model due for deletion (R10, R14).
 * Every vendor call happens outside a transaction; every step is a durable, idempotent job, and a step whose order
 * was erased while it waited has nothing left to do (it is not an error to retry until it gives up).
 *
 * @param holds what happens to an order held for renewed consent (R9): it begins where processing is refused
 */
public record GenerationPipeline(
        HeadshotGenerator generator,
        PhotoVault vault,
        PhotoSanitizer sanitizer,
        Processors processors,
        PolicyVersions policies,
        ProcessedEvents processed,
        OrderBook book,
        RetentionConsequences consequences,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock,
        Settings settings,
        ConsentHolds holds)
        implements ReceiveGeneratorEvent {

    private static final String SOURCE = "generator";

    private Actor vendor() {
        return Actor.vendor(generator.recordedName());
    }

    // ---- SUBMIT_TRAINING ------------------------------------------------------------------------

    /** Sends a paid order's selfies to the vendor, if the guard allows it now. */
    public void submitTraining(OrderId orderId) {
        Optional<Order> found = book.find(orderId);
        if (found.isEmpty() || found.get().status() != OrderStatus.PAID) {
            return; // already submitted, or stopped (or erased) meanwhile
        }
        Order order = found.get();
        Account account = book.account(order.account());
        Result<SelfieReadPermit> permit =
                BiometricGuard.forVendorTraining(account, order, book.consent(order), policyHistory(), clock.instant());
        SelfieReadPermit granted;
        switch (permit) {
            case Result.Ok<SelfieReadPermit>(SelfieReadPermit ok) -> granted = ok;
            case Result.Refused<SelfieReadPermit>(Rejection why) -> {
                tx.run(() -> {
                    audit.record(
                            Actor.SYSTEM,
                            AuditAction.PROCESSING_BLOCKED,
                            Subject.of("order", orderId),
                            ProcessingPolicy.ruleKept(why),
                            Map.of("reason", why.reason().slug(), "stage", "submission"));
                    holds.begin(orderId);
                });
                return; // renewal of consent re-enqueues the submission; the hold tells the person, and ends the order
                // after 14 days (R9)
            }
        }
        Optional<Rejection> unregistered = generator
                .processorName()
                .flatMap(name -> processors.registry().checkTransfer(name, DataCategory.SELFIE));
        if (unregistered.isPresent()) {
            throw new IllegalStateException("Selfies of order " + orderId + " cannot go to the vendor: "
                    + unregistered.get().detail() + " (R33)");
        }
        List<HeadshotGenerator.Selfie> selfies = new ArrayList<>();
        int n = 0;
        for (Selfie selfie : order.liveSelfies()) {
            PhotoRef ref = selfie.photo().orElseThrow();
            selfies.add(new HeadshotGenerator.Selfie(
                    "selfie-" + (++n) + ".jpg", () -> vault.readSelfie(granted, order.account(), ref)));
        }
        ModelRef model = generator.train(
                new HeadshotGenerator.Training(orderId, granted, selfies, settings.subjectClass(), "train:" + orderId));
        Instant now = clock.instant();
        Retry.onConflict(() -> tx.inTransaction(() -> {
            Order current = book.require(orderId);
            if (current.status() == OrderStatus.PAID) {
                Order training = book.save(current.trainingStarted(model, now));
                audit.record(
                        vendor(),
                        AuditAction.SELFIES_SENT_TO_VENDOR,
                        Subject.of("order", orderId),
                        Rule.R17,
                        Map.of(
                                "selfies",
                                training.selfies().stream()
                                        .filter(Selfie.SentToVendor.class::isInstance)
                                        .count(),
                                "model",
                                model));
                return training;
            }
            if (current.model().isEmpty()) {
                // Stopped while the upload ran: the vendor holds a model all the same, so it must go (R7, R14).
                return consequences.saveTransition(current.modelCreatedAfterStop(model, now), now);
            }
            return current;
        }));
    }

    // ---- callbacks and status -------------------------------------------------------------------

    @Override
    public Outcome handle(String token, byte[] body, Map<String, List<String>> headers) {
        return switch (generator.decodeCallback(token, body, headers)) {
            case Result.Ok<GeneratorEvent>(GeneratorEvent event) -> apply(event);
            case Result.Refused<GeneratorEvent>(Rejection why) -> new Outcome.Rejected(why);
        };
    }

    /**
     * Applies one vendor event, from a callback or a status look-up; each event id acts once. An event the order is not
     * in the stage for is ignored without being marked handled, so it still acts when it comes again once the order
     * is there: a training the vendor finished before the order recorded it had started (a restart between the two)
     * is not lost, while a callback repeated after it acted changes nothing. A trained model the order never learned of
     * (its submission's answer was lost, and the order stopped before the retry) is recorded and its deletion requested;
     * if the order was erased meanwhile, the model is deleted by its own reference.
     */
    public Outcome apply(GeneratorEvent event) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Order> found = book.find(event.order());
            if (found.isEmpty()) {
                if (event instanceof GeneratorEvent.ModelTrained trained
                        && processed.firstTime(SOURCE, event.eventId(), now)) {
                    // The order was erased before it learned of this model (its submission's answer lost): nothing of
                    // ours holds it any more, so it is deleted by the vendor's own reference (R14, R27).
                    audit.record(
                            Actor.SYSTEM,
                            AuditAction.MODEL_DELETION_REQUESTED,
                            Subject.of("model", trained.model()),
                            Rule.R14,
                            Map.of("why", "trained for an order that no longer exists"));
                    jobs.enqueue(JobRequests.deleteUnclaimedModel(trained.model(), now));
                    return new Outcome.Applied(event.eventId());
                }
                return new Outcome.Ignored(event.eventId(), "no such order");
            }
            Order order = found.get();
            boolean inStage = switch (event) {
                case GeneratorEvent.ModelTrained trained -> order.status() == OrderStatus.TRAINING;
                case GeneratorEvent.ImagesReady ready -> order.status() == OrderStatus.GENERATING;
                case GeneratorEvent.Failed failed -> order.status().isInProduction();
            };
            if (!inStage) {
                if (event instanceof GeneratorEvent.ModelTrained trained
                        && order.model().isEmpty()
                        && order.status().endedUndelivered()
                        && processed.firstTime(SOURCE, event.eventId(), now)) {
                    // A submission whose answer was lost made this model, and the order stopped before a retry learned
                    // of it: the vendor's word is the only trace of it, so it is recorded now and its deletion
                    // requested (R7, R14).
                    consequences.saveTransition(order.modelCreatedAfterStop(trained.model(), now), now);
                    return new Outcome.Applied(event.eventId());
                }
                return new Outcome.Ignored(event.eventId(), "order is " + order.status());
            }
            if (!processed.firstTime(SOURCE, event.eventId(), now)) {
                return new Outcome.Ignored(event.eventId(), "already handled");
            }
            return switch (event) {
                case GeneratorEvent.ModelTrained trained -> {
                    Order generating = book.save(order.modelTrained(now));
                    audit.record(
                            vendor(),
                            AuditAction.MODEL_TRAINED,
                            Subject.of("model", trained.model()),
                            Rule.R2,
                            Map.of("order", generating.id()));
                    jobs.enqueue(JobRequests.requestGeneration(generating.id(), now));
                    yield new Outcome.Applied(event.eventId());
                }
                case GeneratorEvent.ImagesReady ready -> {
                    jobs.enqueue(JobRequests.collectHeadshots(order.id(), event.eventId(), now));
                    yield new Outcome.Applied(event.eventId());
                }
                case GeneratorEvent.Failed failed -> {
                    Order stopped = consequences.saveTransition(order.fail("generation failed", now), now);
                    audit.record(
                            vendor(),
                            AuditAction.ORDER_FAILED,
                            Subject.of("order", stopped.id()),
                            Rule.R10,
                            Map.of("reason", sanitize(failed.reason())));
                    jobs.enqueue(JobRequests.email(
                            JobRequests.MailKind.ORDER_FAILED, stopped.id().toString(), now));
                    yield new Outcome.Applied(event.eventId());
                }
            };
        }));
    }

    /**
     * Asks the vendor where an order stands and applies what it says: the path that completes an order
     * whose callback never came. Answers how many events were new.
     */
    public int poll(OrderId orderId) {
        Order order = book.require(orderId);
        if (!order.status().isInProduction() || order.model().isEmpty()) {
            return 0;
        }
        int applied = 0;
        for (GeneratorEvent event :
                generator.status(orderId, order.model().get().ref())) {
            if (apply(event) instanceof Outcome.Applied) {
                applied++;
            }
        }
        return applied;
    }

    // ---- REQUEST_GENERATION ---------------------------------------------------------------------

    public void requestGeneration(OrderId orderId) {
        Optional<Order> found = book.find(orderId);
        if (found.isEmpty()
                || found.get().status() != OrderStatus.GENERATING
                || !(found.get().model().orElse(null) instanceof VendorModel.Trained model)) {
            return; // stopped (or erased) meanwhile, or asked already
        }
        Order order = found.get();
        // Generating is processing the person's model anew: it waits, like the submission, for consent that is
        // given and current (R4, R7, R9, R42). Renewal asks again; the vendor adds nothing for a style asked before.
        Optional<Rejection> held = heldBack(order);
        if (held.isPresent()) {
            tx.run(() -> {
                audit.record(
                        Actor.SYSTEM,
                        AuditAction.PROCESSING_BLOCKED,
                        Subject.of("order", orderId),
                        ProcessingPolicy.ruleKept(held.get()),
                        Map.of("reason", held.get().reason().slug(), "stage", "generation"));
                holds.begin(orderId);
            });
            return;
        }
        Plan plan =
                settings.plan(order.plan()).orElseThrow(() -> new DomainViolation("Plan " + order.plan() + " is gone"));
        List<Style> styles = order.styles().stream().map(plan::style).toList();
        int perStyle = (order.headshotsOrdered() + styles.size() - 1) / styles.size();
        generator.generate(orderId, model.ref(), styles, perStyle);
    }

    // ---- COLLECT_HEADSHOTS ----------------------------------------------------------------------

    /**
     * Copies every generated image the vendor has for the order into our vault, marked as
     * AI-generated, and delivers the order once every style has its headshots.
     */
    public void collectHeadshots(OrderId orderId) {
        Optional<Order> found = book.find(orderId);
        if (found.isEmpty()
                || found.get().status() != OrderStatus.GENERATING
                || found.get().model().isEmpty()) {
            return; // delivered, stopped or erased while the job waited for its turn (or its retry): nothing to collect
        }
        Order order = found.get();
        for (GeneratorEvent event :
                generator.status(orderId, order.model().get().ref())) {
            if (event instanceof GeneratorEvent.ImagesReady ready) {
                for (String location : ready.imageLocations()) {
                    store(order, ready.style(), location);
                }
            }
        }
        Instant now = clock.instant();
        Retry.onConflict(() -> tx.inTransaction(() -> {
            Order current = book.require(orderId);
            boolean everyStyle = current.styles().stream()
                    .allMatch(style ->
                            current.headshots().stream().anyMatch(h -> h.style().equals(style)));
            if (current.status() != OrderStatus.GENERATING || !everyStyle) {
                return current;
            }
            Order delivered = consequences.saveTransition(current.deliver(now), now);
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.ORDER_DELIVERED,
                    Subject.of("order", orderId),
                    Rule.R15,
                    Map.of("headshots", delivered.headshots().size()));
            jobs.enqueue(JobRequests.email(JobRequests.MailKind.HEADSHOTS_READY, orderId.toString(), now));
            return delivered;
        }));
    }

    private void store(Order order, StyleId style, String location) {
        HeadshotId id =
                new HeadshotId(UUID.nameUUIDFromBytes((order.id() + "|" + location).getBytes(StandardCharsets.UTF_8)));
        if (order.headshots().stream().anyMatch(h -> h.id().equals(id))) {
            return;
        }
        AiMarker marker = new AiMarker(UUID.nameUUIDFromBytes(("asset|" + id).getBytes(StandardCharsets.UTF_8)));
        PhotoRef ref = new PhotoRef("headshot/" + order.account() + "/" + id);
        PhotoSanitizer.Outcome marked;
        try (InputStream image = generator.download(location)) {
            marked = sanitizer.markHeadshot(image, marker);
        } catch (IOException e) {
            throw new UncheckedIOException("Downloading a generated image failed", e);
        }
        if (marked instanceof PhotoSanitizer.Outcome.Rejected rejected) {
            throw new IllegalStateException("The vendor's image for order " + order.id() + " is unusable: "
                    + rejected.why().detail());
        }
        PhotoVault.Stored stored;
        try (PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) marked).image()) {
            stored = vault.put(order.account(), ref, clean.open(), clean.size());
        }
        Instant now = clock.instant();
        Retry.onConflict(() -> tx.inTransaction(() -> {
            Order current = book.require(order.id());
            if (current.status() != OrderStatus.GENERATING) {
                return current;
            }
            Order withHeadshot =
                    book.save(current.headshotStored(new Headshot(id, style, ref, stored.sha256(), marker, now)));
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.HEADSHOT_STORED,
                    Subject.of("headshot", id),
                    Rule.R43,
                    Map.of("order", order.id(), "sha256", stored.sha256()));
            return withHeadshot;
        }));
    }

    /**
     * When the vendor's current stage of the order began, for the vendor's time limit: when the order entered it, or, if
     * later, when consent for it was last granted (a renewal that let a held order go on, R9), since the vendor was not
     * asked before that.
     */
    Optional<Instant> vendorStageBegan(Order order) {
        ConsentState consent = book.consent(order);
        Optional<Instant> renewed = java.util.Arrays.stream(ConsentPurpose.values())
                .flatMap(purpose -> consent.latest(purpose).stream())
                .filter(record -> record.decision() == ConsentDecision.GRANTED)
                .map(ConsentRecord::recordedAt)
                .max(Instant::compareTo);
        return order.enteredAt(order.status())
                .map(entered -> renewed.filter(entered::isBefore).orElse(entered));
    }

    /** Why the order may not be processed now (the consent check of R4, R7, R9, R42), if it may not. */
    Optional<Rejection> heldBack(Order order) {
        return ProcessingPolicy.check(
                book.account(order.account()), order, book.consent(order), policyHistory(), clock.instant());
    }

    private PolicyHistory policyHistory() {
        return policies.history();
    }

    private static String sanitize(String vendorText) {
        String oneLine = vendorText == null
                ? "unknown"
                : vendorText.replaceAll("[\\p{Cntrl}@]", " ").strip();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) : oneLine;
    }
}
