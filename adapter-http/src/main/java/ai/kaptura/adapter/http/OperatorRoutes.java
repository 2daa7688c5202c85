package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.OperatorDesk;
import ai.kaptura.ports.in.OperatorSignIn;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's desk (R50): its sign-in, open to anyone as a person's is (a code goes only to a listed address, and the
 * answer is the same for any address), and its routes, open only to an operator's session. Every action takes a
 * {@code reason}; a destructive one also its fresh {@code code} ({@code POST /api/operator/code} mails one), and
 * answers 403 {@code fresh-code-required} without it.
 */
@Implements({Rule.R11, Rule.R20, Rule.R21, Rule.R42, Rule.R49, Rule.R50})
record OperatorRoutes(OperatorSignIn signIn, OperatorDesk desk, Cookies cookies, NetworkLimits limits) {

    static final int REASON_MAX = 400;

    void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/operator/auth/start", this::start, Access.ANYONE);
        routes.post("/api/operator/auth/verify", this::verify, Access.ANYONE);
        routes.post("/api/operator/auth/logout", this::logout, Access.OPERATOR);
        routes.get("/api/operator/me", this::me, Access.OPERATOR);
        routes.post("/api/operator/code", this::freshCode, Access.OPERATOR);
        routes.get("/api/operator/alarms", this::alarms, Access.OPERATOR);
        routes.get("/api/operator/jobs", this::jobs, Access.OPERATOR);
        routes.post("/api/operator/jobs/retry", this::retry, Access.OPERATOR);
        routes.get("/api/operator/requests", this::requests, Access.OPERATOR);
        routes.post("/api/operator/requests", this::record, Access.OPERATOR);
        routes.get("/api/operator/requests/{id}", this::request, Access.OPERATOR);
        routes.post("/api/operator/requests/{id}/extend", ctx -> decide(ctx, desk::extend), Access.OPERATOR);
        routes.post("/api/operator/requests/{id}/refuse", ctx -> decide(ctx, desk::refuse), Access.OPERATOR);
        routes.post("/api/operator/requests/{id}/complete", ctx -> decide(ctx, desk::complete), Access.OPERATOR);
        routes.get("/api/operator/minors", this::minors, Access.OPERATOR);
        routes.post("/api/operator/minors", this::flagMinor, Access.OPERATOR);
        routes.get("/api/operator/holds", this::holds, Access.OPERATOR);
        routes.post("/api/operator/holds", this::placeHold, Access.OPERATOR);
        routes.post("/api/operator/holds/{account}/lift", this::liftHold, Access.OPERATOR);
        routes.get("/api/operator/processors", this::processors, Access.OPERATOR);
    }

    // ---- sign-in ---------------------------------------------------------------------------------------

    private void start(Context ctx) {
        limits.check(ctx, NetworkLimits.SIGN_IN_START);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        body.done();
        signIn.start(AuthRoutes.email(email));
        Json.respond(
                ctx,
                202,
                Views.ordered(
                        "status",
                        "code-sent",
                        "detail",
                        "If this address is an operator's, a 6-digit code is on its way. It expires in 15 minutes."));
    }

    private void verify(Context ctx) {
        limits.check(ctx, NetworkLimits.SIGN_IN_VERIFY);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        String code = body.requiredString("code", 16);
        body.done();
        switch (signIn.verify(new SignIn.VerifyCode(AuthRoutes.email(email), code.strip()))) {
            case SignIn.Verified.SignedIn in -> {
                cookies.startOperatorSession(ctx, in.sessionToken());
                Json.respond(
                        ctx,
                        200,
                        Views.ordered(
                                "operator",
                                in.account().toString(),
                                "csrfToken",
                                Cookies.csrfToken(in.sessionToken())));
            }
            case SignIn.Verified.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    private void logout(Context ctx) {
        cookies.operatorSession(ctx).ifPresent(signIn::signOut);
        cookies.endOperatorSession(ctx);
        ctx.status(204);
    }

    private void me(Context ctx) {
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "operator",
                        Guard.operator(ctx).toString(),
                        "csrfToken",
                        Cookies.csrfToken(cookies.operatorSession(ctx).orElseThrow())));
    }

    private void freshCode(Context ctx) {
        desk.sendFreshCode(Guard.operator(ctx));
        Json.respond(
                ctx,
                202,
                Views.ordered(
                        "status",
                        "code-sent",
                        "detail",
                        "A fresh code is on its way to your address: it confirms one action within 15 minutes."));
    }

    // ---- what the desk shows ----------------------------------------------------------------------------

    private void alarms(Context ctx) {
        list(ctx, "alarms", desk.alarms(), OperatorRoutes::alarm);
    }

    static Map<String, Object> alarm(Alarm alarm) {
        return Views.ordered(
                "promise",
                alarm.promise().label(),
                "rule",
                alarm.promise().rule().id(),
                "risk",
                alarm.promise().risk(),
                "subject",
                alarm.subject().type() + ":" + alarm.subject().id(),
                "raisedAt",
                alarm.raisedAt().toString(),
                "detail",
                alarm.detail(),
                "whatToDo",
                alarm.promise().whatToDo());
    }

    private void jobs(Context ctx) {
        list(ctx, "jobs", desk.jobs(), OperatorRoutes::job);
    }

    static Map<String, Object> job(JobTrouble job) {
        return Views.ordered(
                "kind",
                Views.name(job.kind()),
                "key",
                job.key(),
                "state",
                job.dead() ? "dead" : "failing",
                "attempts",
                job.failures(),
                "lastFailure",
                job.lastFailure().map(Object::toString).orElse(null),
                "nextTry",
                job.nextTry().map(Object::toString).orElse(null),
                "lastError",
                job.lastError().orElse(null),
                "needsFreshCode",
                job.kind().operatorRetry().destructive());
    }

    private void retry(Context ctx) {
        JsonObject body = Json.object(ctx);
        String kind = body.requiredString("kind", 40);
        String key = body.requiredString("key", 200);
        String reason = body.requiredString("reason", REASON_MAX);
        Optional<String> code = body.optionalString("code", 16);
        body.done();
        JobKind jobKind = choice("kind", JobKind.class, kind);
        answer(ctx, desk.retryJob(act(ctx, reason, code), jobKind, key));
    }

    private void requests(Context ctx) {
        int limit = (int) Params.number(ctx, "limit", 100, 1, 200);
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "requests",
                        desk.requests(limit).stream()
                                .map(line -> {
                                    Map<String, Object> view = Views.request(line.request());
                                    view.put("account", line.request().account().toString());
                                    view.put(
                                            "channel", Views.name(line.request().channel()));
                                    view.put("dueBy", line.dueBy().toString());
                                    view.put("overdue", line.overdue());
                                    view.put("dueSoon", line.dueSoon());
                                    return view;
                                })
                                .toList()));
    }

    private void request(Context ctx) {
        PrivacyRequestId id = Params.id(ctx, "id", PrivacyRequestId::new, "request");
        Map<String, Object> view = desk.request(id)
                .map(r -> {
                    Map<String, Object> body = Views.request(r);
                    body.put("account", r.account().toString());
                    body.put("channel", Views.name(r.channel()));
                    return body;
                })
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND.detail("No such request.")));
        Json.respond(ctx, 200, view);
    }

    private void record(Context ctx) {
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        String kind = body.requiredString("kind", 20);
        String channel = body.requiredString("channel", 20);
        String receivedOn = body.requiredString("receivedOn", 10);
        String reason = body.requiredString("reason", REASON_MAX);
        body.done();
        LocalDate received;
        try {
            received = LocalDate.parse(receivedOn);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    Problem.validation("receivedOn", "must be the day the request arrived, as YYYY-MM-DD"));
        }
        answer(
                ctx,
                desk.recordRequest(
                        act(ctx, reason, Optional.empty()),
                        AuthRoutes.email(email),
                        choice("kind", RequestKind.class, kind),
                        choice("channel", Channel.class, channel),
                        received));
    }

    private void decide(
            Context ctx, java.util.function.BiFunction<OperatorDesk.Act, PrivacyRequestId, OperatorDesk.Outcome> step) {
        PrivacyRequestId id = Params.id(ctx, "id", PrivacyRequestId::new, "request");
        answer(ctx, step.apply(reasonedAct(ctx), id));
    }

    /** The body of an action on one thing: {@code {reason, code?}}, as the operator's act. */
    private static OperatorDesk.Act reasonedAct(Context ctx) {
        JsonObject body = Json.object(ctx);
        String reason = body.requiredString("reason", REASON_MAX);
        Optional<String> code = body.optionalString("code", 16);
        body.done();
        return act(ctx, reason, code);
    }

    private void minors(Context ctx) {
        list(
                ctx,
                "minors",
                desk.minors(),
                c -> Views.ordered(
                        "account",
                        c.account().toString(),
                        "flaggedAt",
                        c.flaggedAt().toString(),
                        "erasureDeadline",
                        c.erasureDeadline().toString(),
                        "erased",
                        c.erased(),
                        "late",
                        c.late()));
    }

    private void flagMinor(Context ctx) {
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        String source = body.requiredString("source", 32);
        String reason = body.requiredString("reason", REASON_MAX);
        Optional<String> code = body.optionalString("code", 16);
        body.done();
        answer(
                ctx,
                desk.flagMinor(
                        act(ctx, reason, code),
                        AuthRoutes.email(email),
                        choice("source", MinorFlag.Source.class, source)));
    }

    private void holds(Context ctx) {
        list(
                ctx,
                "holds",
                desk.holds(),
                h -> Views.ordered(
                        "account",
                        h.account().toString(),
                        "basis",
                        Views.name(h.hold().basis()),
                        "reference",
                        h.hold().reference(),
                        "placedAt",
                        h.hold().placedAt().toString(),
                        "reason",
                        h.reason()));
    }

    private void placeHold(Context ctx) {
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        String basis = body.requiredString("basis", 16);
        String reference = body.requiredString("reference", 200);
        String reason = body.requiredString("reason", REASON_MAX);
        body.done();
        answer(
                ctx,
                desk.placeHold(
                        act(ctx, reason, Optional.empty()),
                        AuthRoutes.email(email),
                        choice("basis", LegalHold.Basis.class, basis),
                        reference));
    }

    private void liftHold(Context ctx) {
        AccountId account = Params.id(ctx, "account", AccountId::new, "account");
        answer(ctx, desk.liftHold(reasonedAct(ctx), account));
    }

    private void processors(Context ctx) {
        Json.respond(ctx, 200, AuditorViews.recordOfProcessing(desk.processors()));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Answers {@code {name: [view of each item]}}. */
    private static <T> void list(Context ctx, String name, java.util.List<T> items, Function<T, ?> view) {
        Json.respond(ctx, 200, Views.ordered(name, items.stream().map(view).toList()));
    }

    private static OperatorDesk.Act act(Context ctx, String reason, Optional<String> code) {
        return new OperatorDesk.Act(Guard.operator(ctx), reason, code.filter(c -> !c.isBlank()));
    }

    private static void answer(Context ctx, OperatorDesk.Outcome outcome) {
        switch (outcome) {
            case OperatorDesk.Outcome.Done done ->
                Json.respond(
                        ctx, 200, Views.ordered("status", "done", "subject", done.subject(), "detail", done.detail()));
            case OperatorDesk.Outcome.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    /** An enum value named in the body, in any case; a clear validation problem listing the choices otherwise. */
    static <E extends Enum<E>> E choice(String field, Class<E> type, String given) {
        Function<String, Optional<E>> find = name -> Arrays.stream(type.getEnumConstants())
                .filter(e ->
                        e.name().equals(name.strip().toUpperCase(Locale.ROOT).replace('-', '_')))
                .findFirst();
        return find.apply(given)
                .orElseThrow(() -> new ProblemException(Problem.validation(
                        field,
                        "must be one of "
                                + Arrays.stream(type.getEnumConstants())
                                        .map(Views::name)
                                        .toList())));
    }
}
