package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.ports.in.SignIn;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Passwordless sign-in. Starting answers 202 with the same body whether or not the address has an
 * account; attempts are limited per network here and per address in the use case.
 */
final class AuthRoutes {

    /** Codes asked for from one network in {@link #WINDOW}. */
    static final int STARTS_PER_WINDOW = 10;
    /** Codes and links tried from one network in {@link #WINDOW}. */
    static final int VERIFIES_PER_WINDOW = 30;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private static final Map<String, Object> CODE_SENT = Views.ordered("status", "code-sent",
            "detail", "If this address can sign in, a 6-digit code and a sign-in link are on their way. They expire in 15 minutes.");

    private final SignIn signIn;
    private final Cookies cookies;
    private final RateLimiter starts;
    private final RateLimiter verifies;

    AuthRoutes(SignIn signIn, Cookies cookies, InstantSource clock) {
        this.signIn = signIn;
        this.cookies = cookies;
        this.starts = new RateLimiter(STARTS_PER_WINDOW, WINDOW, clock);
        this.verifies = new RateLimiter(VERIFIES_PER_WINDOW, WINDOW, clock);
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/auth/start", this::start, Access.ANYONE);
        routes.post("/api/auth/verify", this::verify, Access.ANYONE);
        routes.get("/auth/link", this::link, Access.ANYONE);
        routes.post("/api/auth/logout", this::logout, Access.PERSON);
        routes.get("/api/me", this::me, Access.PERSON);
    }

    private void start(Context ctx) {
        limit(starts, "start", ctx);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        body.done();
        SignIn.Started started = signIn.start(new SignIn.Start(email(email)));
        switch (started) {
            case SignIn.Started.CodeSent sent -> Json.respond(ctx, 202, CODE_SENT);
            case SignIn.Started.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    private void verify(Context ctx) {
        limit(verifies, "verify", ctx);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        String code = body.requiredString("code", 16);
        body.done();
        SignIn.Verified verified = signIn.verify(new SignIn.VerifyCode(email(email), code.strip()));
        switch (verified) {
            case SignIn.Verified.SignedIn in -> {
                cookies.startSession(ctx, in.sessionToken());
                Json.respond(ctx, 200, Views.ordered("account", in.account().toString(), "newAccount", in.newAccount(),
                        "csrfToken", Cookies.csrfToken(in.sessionToken())));
            }
            case SignIn.Verified.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    /** The link from the email: a page the person lands on, so it answers with redirects, not JSON. */
    private void link(Context ctx) {
        limit(verifies, "verify", ctx);
        Optional<String> token = Params.query(ctx, "token").filter(t -> t.length() <= 512);
        if (token.isEmpty()) {
            ctx.redirect("/sign-in?link=invalid", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        switch (signIn.follow(new SignIn.FollowLink(token.get()))) {
            case SignIn.Verified.SignedIn in -> {
                cookies.startSession(ctx, in.sessionToken());
                ctx.redirect("/orders", io.javalin.http.HttpStatus.SEE_OTHER);
            }
            case SignIn.Verified.Refused refused ->
                    ctx.redirect("/sign-in?link=" + refused.why().reason().slug(), io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    private void logout(Context ctx) {
        cookies.session(ctx).ifPresent(signIn::signOut);
        cookies.endSession(ctx);
        ctx.status(204);
    }

    private void me(Context ctx) {
        String session = cookies.session(ctx).orElseThrow();
        Json.respond(ctx, 200, Views.ordered("account", Guard.account(ctx).toString(),
                "csrfToken", Cookies.csrfToken(session)));
    }

    static EmailAddress email(String raw) {
        try {
            return EmailAddress.of(raw);
        } catch (InvalidInput e) {
            throw new ProblemException(Problem.of(e.rejection()).with("errors",
                    java.util.List.of(new Problem.FieldError("email", e.getMessage()).json())));
        }
    }

    private static void limit(RateLimiter limiter, String action, Context ctx) {
        limiter.attempt(action + ":" + ctx.req().getRemoteAddr()).ifPresent(wait -> {
            throw new ProblemException(Problem.rateLimited(wait));
        });
    }
}
