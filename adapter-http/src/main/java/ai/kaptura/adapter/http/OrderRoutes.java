package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.CreateOrder;
import ai.kaptura.ports.in.DiscardOrder;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.in.ViewOrders;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans, a person's own orders, the selfies of a draft and checkout. Another person's order does not
 * exist for the caller: it answers 404, exactly like an order that never existed. Selfies go into the
 * private draft only (R4); checkout takes both consents and the 18+ attestation explicitly (R4, R5, R42) and
 * asks nothing about cookies or marketing (R8).
 */
@Implements({Rule.R4, Rule.R5, Rule.R8, Rule.R42})
final class OrderRoutes {

    private final ViewOrders view;
    private final CreateOrder create;
    private final DiscardOrder discard;
    private final CheckOut checkOut;
    private final SelfieUploads uploads;
    private final UploadSelfie selfies;

    OrderRoutes(
            ViewOrders view,
            CreateOrder create,
            DiscardOrder discard,
            UploadSelfie selfies,
            CheckOut checkOut,
            long maxUploadBytes,
            UploadSlots slots) {
        this.view = view;
        this.create = create;
        this.discard = discard;
        this.checkOut = checkOut;
        this.selfies = selfies;
        this.uploads = new SelfieUploads(selfies, maxUploadBytes, slots);
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/plans", this::plans, Access.ANYONE);
        routes.post("/api/orders", this::create, Access.PERSON);
        routes.get("/api/orders", this::list, Access.PERSON);
        routes.get("/api/orders/{id}", this::one, Access.PERSON);
        routes.delete("/api/orders/{id}", this::discard, Access.PERSON);
        routes.post("/api/orders/{id}/selfies", this::upload, Access.PERSON);
        routes.delete("/api/orders/{id}/selfies/{selfieId}", this::removeSelfie, Access.PERSON);
        routes.get("/api/orders/{id}/selfies/{selfieId}/thumbnail", this::thumbnail, Access.PERSON);
        routes.post("/api/orders/{id}/checkout", ctx -> checkout(ctx, checkOut::handle), Access.PERSON);
        routes.post("/api/orders/{id}/consents/renew", ctx -> checkout(ctx, checkOut::renew), Access.PERSON);
    }

    /** The caller's own order named by the path, or a 404 problem. */
    static Order ownOrder(Context ctx, ViewOrders view) {
        AccountId account = Guard.account(ctx);
        OrderId id = Params.id(ctx, "id", OrderId::new, "order");
        return view.mine(account, id)
                .filter(o -> o.belongsTo(account))
                .orElseThrow(() -> new ProblemException(
                        Problem.NOT_FOUND.detail("There is no order " + id + " in your account.")));
    }

    private void plans(Context ctx) {
        Json.respond(
                ctx,
                200,
                Views.ordered("plans", view.plans().stream().map(Views::plan).toList()));
    }

    private void create(Context ctx) {
        JsonObject body = Json.object(ctx);
        String plan = body.requiredString("plan", 40);
        List<String> styles = body.requiredStrings("styles", 20, 40);
        body.done();
        List<StyleId> styleIds = new ArrayList<>();
        PlanId planId = value("plan", () -> new PlanId(plan));
        for (int i = 0; i < styles.size(); i++) {
            String style = styles.get(i);
            styleIds.add(value("styles[" + i + "]", () -> new StyleId(style)));
        }
        switch (create.handle(new CreateOrder.Command(Guard.account(ctx), planId, styleIds))) {
            case CreateOrder.Outcome.Created created -> {
                ctx.header("Location", "/api/orders/" + created.order().id());
                Json.respond(ctx, 201, Views.order(created.order()));
            }
            case CreateOrder.Outcome.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    private void list(Context ctx) {
        List<Order> mine = view.mine(Guard.account(ctx));
        Json.respond(
                ctx,
                200,
                Views.ordered("orders", mine.stream().map(Views::orderSummary).toList()));
    }

    private void one(Context ctx) {
        Order order = ownOrder(ctx, view);
        // Asked only where there can be an answer: a draft's page, polled every few seconds, costs no more reads.
        Optional<Rejection> blocker = order.status().waitsForConsent()
                ? view.processingBlocker(Guard.account(ctx), order.id())
                : Optional.empty();
        // R51: advice is for before paying, about photos there are; nothing else costs a read for it.
        boolean beforePaying = order.status() == OrderStatus.DRAFT || order.status() == OrderStatus.AWAITING_PAYMENT;
        Map<SelfieId, SelfieAdvice> advice =
                beforePaying && !order.liveSelfies().isEmpty() ? view.advice(Guard.account(ctx), order.id()) : Map.of();
        // Which photos without advice are still being checked: asked only while some photo has none.
        Set<SelfieId> checking = beforePaying && order.liveSelfies().stream().anyMatch(s -> !advice.containsKey(s.id()))
                ? view.adviceUnderWay(Guard.account(ctx), order.id())
                : Set.of();
        Json.respond(ctx, 200, Views.order(order, blocker, advice, checking));
    }

    /** R10, R47: an unpaid order is dropped and its selfies are deleted, which frees room under the quota. */
    private void discard(Context ctx) {
        Order order = ownOrder(ctx, view);
        switch (discard.discard(new DiscardOrder.Command(Guard.account(ctx), order.id()))) {
            case DiscardOrder.Outcome.Discarded done ->
                Json.respond(
                        ctx,
                        200,
                        Views.ordered(
                                "order",
                                done.order().toString(),
                                "status",
                                "cancelled",
                                "selfiesDueForDeletion",
                                done.selfiesDue()));
            case DiscardOrder.Outcome.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    /** R4: selfies go into the private draft only; the use case refuses anything else. */
    private void upload(Context ctx) {
        Order order = ownOrder(ctx, view);
        UploadSelfie.Outcome.Uploaded uploaded = uploads.receive(ctx, Guard.account(ctx), order.id());
        ctx.header("Location", "/api/orders/" + order.id());
        Json.respond(
                ctx,
                201,
                Views.ordered("selfie", uploaded.selfie().toString(), "selfiesInOrder", uploaded.selfiesInOrder()));
    }

    /** The owner's own selfie, small, made afresh and never cached by anyone on the way (R1). */
    private void thumbnail(Context ctx) {
        Order order = ownOrder(ctx, view);
        SelfieId selfie = Params.id(ctx, "selfieId", SelfieId::new, "selfie");
        byte[] jpeg = view.selfieThumbnail(Guard.account(ctx), order.id(), selfie)
                .orElseThrow(() -> new ProblemException(
                        Problem.NOT_FOUND.detail("There is no selfie " + selfie + " in this order (any more).")));
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType("image/jpeg").result(jpeg);
    }

    private void removeSelfie(Context ctx) {
        Order order = ownOrder(ctx, view);
        SelfieId selfie = Params.id(ctx, "selfieId", SelfieId::new, "selfie");
        switch (selfies.remove(new UploadSelfie.Remove(Guard.account(ctx), order.id(), selfie))) {
            case UploadSelfie.Outcome.Removed removed -> ctx.status(204);
            case UploadSelfie.Outcome.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
            case UploadSelfie.Outcome.Uploaded uploaded ->
                throw new IllegalStateException("Removing a selfie answered 'uploaded'");
        }
    }

    /**
     * R4, R5, R42: both consents and the 18+ attestation must be given explicitly, each as a JSON boolean;
     * nothing is defaulted. A {@code false} is passed on, so the refusal is recorded too (R6).
     */
    private void checkout(Context ctx, Function<CheckOut.Command, CheckOut.Outcome> action) {
        Order order = ownOrder(ctx, view);
        JsonObject body = Json.object(ctx);
        JsonObject consents = body.requiredObject("consents");
        boolean biometricProcessing = consents.requiredBoolean("biometricProcessing");
        boolean vendorDisclosure = consents.requiredBoolean("vendorDisclosure");
        String noticeVersion = body.requiredString("noticeVersion", 32);
        boolean adult = body.requiredBoolean("adult");
        Optional<String> language = body.optionalString("language", 8);
        body.done();
        NoticeVersion version = value("noticeVersion", () -> new NoticeVersion(noticeVersion));
        Language lang = value("language", () -> language.map(Language::of).orElse(Language.ENGLISH));
        CheckOut.Command command = new CheckOut.Command(
                Guard.account(ctx), order.id(), biometricProcessing, vendorDisclosure, adult, version, lang);
        switch (action.apply(command)) {
            case CheckOut.Outcome.Ready ready ->
                Json.respond(ctx, 200, Views.ordered("checkoutUrl", ready.checkoutUrl()));
            case CheckOut.Outcome.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    /** Builds a value object from a field, answering its refusal as a validation problem naming the field. */
    static <T> T value(String field, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInput e) {
            throw new ProblemException(Problem.validation(field, e.getMessage()));
        }
    }
}
