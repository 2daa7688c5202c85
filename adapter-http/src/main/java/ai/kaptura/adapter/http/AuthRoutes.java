package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.SignIn;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Passwordless sign-in (R47). Starting answers 202 with the same body whether or not the address has an account;
 * attempts are limited per network here ({@link NetworkLimits}) and per address in the use case.
 *
 * <p>The emailed link does not sign in by being opened: {@code GET /auth/link} only shows a page, and its button
 * POSTs the token to {@code /api/auth/link}, from this site's own origin and with the page's CSRF token. A mail
 * scanner that opens links therefore starts no session, and no other site can sign a browser into an account of
 * its choosing. When a browser asked for the code (its request says where it comes from), the browser keeps a
 * random nonce in an HttpOnly cookie and the link signs in that browser only.
 */
@Implements(Rule.R47)
final class AuthRoutes {

    private static final Map<String, Object> CODE_SENT = Views.ordered(
            "status",
            "code-sent",
            "detail",
            "If this address can sign in, a 6-digit code and a sign-in link are on their way. They expire in 15 minutes.");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignIn signIn;
    private final Cookies cookies;
    private final NetworkLimits limits;
    private final Guard guard;
    private final byte[] linkPage;

    AuthRoutes(SignIn signIn, Cookies cookies, NetworkLimits limits, Guard guard, byte[] linkPage) {
        this.signIn = signIn;
        this.cookies = cookies;
        this.limits = limits;
        this.guard = guard;
        this.linkPage = linkPage.clone();
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/auth/start", this::start, Access.ANYONE);
        routes.post("/api/auth/verify", this::verify, Access.ANYONE);
        routes.get("/auth/link", this::linkPage, Access.ANYONE);
        routes.post("/api/auth/link", this::followLink, Access.ANYONE);
        routes.post("/api/auth/logout", this::logout, Access.PERSON);
        routes.post("/api/auth/logout-everywhere", this::logoutEverywhere, Access.PERSON);
        routes.get("/api/me", this::me, Access.PERSON);
        routes.post("/api/me/age", this::stateAge, Access.PERSON);
    }

    private void start(Context ctx) {
        limits.check(ctx, NetworkLimits.SIGN_IN_START);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        body.done();
        Optional<String> browser = Optional.empty();
        if (ctx.header("Origin") != null) {
            // A browser's page asked (scripts' POSTs carry Origin): bind the emailed link to this browser.
            String nonce = cookies.signInBrowser(ctx)
                    .filter(n -> n.length() >= 32 && n.length() <= 64)
                    .orElseGet(AuthRoutes::randomToken);
            cookies.rememberSignInBrowser(ctx, nonce);
            browser = Optional.of(nonce);
        }
        SignIn.Started started = signIn.start(new SignIn.Start(email(email), browser));
        switch (started) {
            case SignIn.Started.CodeSent sent -> Json.respond(ctx, 202, CODE_SENT);
            case SignIn.Started.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    private void verify(Context ctx) {
        limits.check(ctx, NetworkLimits.SIGN_IN_VERIFY);
        JsonObject body = Json.object(ctx);
        String email = body.requiredString("email", EmailAddress.MAX_LENGTH + 16);
        String code = body.requiredString("code", 16);
        body.done();
        signedIn(ctx, signIn.verify(new SignIn.VerifyCode(email(email), code.strip())));
    }

    /**
     * The link from the email: a page with one button, and nothing else happens. The page's CSRF token goes into a
     * readable cookie; its script sends it back with the token from the address.
     */
    private void linkPage(Context ctx) {
        cookies.setLinkCsrf(ctx, randomToken());
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType("text/html; charset=utf-8").result(linkPage);
    }

    /** The link page's button: {@code {token, csrf}}, from this site, with the page's CSRF token. */
    private void followLink(Context ctx) {
        limits.check(ctx, NetworkLimits.SIGN_IN_VERIFY);
        JsonObject body = Json.object(ctx);
        String token = body.requiredString("token", 512);
        String csrf = body.requiredString("csrf", 128);
        body.done();
        guard.requireOwnOrigin(ctx);
        Optional<String> expected = cookies.linkCsrf(ctx);
        if (expected.isEmpty()
                || !MessageDigest.isEqual(
                        expected.get().getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.CSRF.detail(
                    "This sign-in did not come from the page the emailed link opened; open the link again."));
        }
        signedIn(ctx, signIn.follow(new SignIn.FollowLink(token, cookies.signInBrowser(ctx))));
    }

    private void signedIn(Context ctx, SignIn.Verified verified) {
        switch (verified) {
            case SignIn.Verified.SignedIn in -> {
                cookies.startSession(ctx, in.sessionToken());
                cookies.forgetSignInBrowser(ctx);
                Json.respond(
                        ctx,
                        200,
                        Views.ordered(
                                "account",
                                in.account().toString(),
                                "newAccount",
                                in.newAccount(),
                                "csrfToken",
                                Cookies.csrfToken(in.sessionToken())));
            }
            case SignIn.Verified.Refused refused -> throw new ProblemException(Problem.of(refused.why()));
        }
    }

    private void logout(Context ctx) {
        cookies.session(ctx).ifPresent(signIn::signOut);
        cookies.endSession(ctx);
        ctx.status(204);
    }

    /** Ends every session of the account, on every device, this one included. */
    private void logoutEverywhere(Context ctx) {
        int ended = signIn.signOutEverywhere(Guard.account(ctx));
        cookies.endSession(ctx);
        Json.respond(ctx, 200, Views.ordered("sessionsEnded", ended));
    }

    private void me(Context ctx) {
        String session = cookies.session(ctx).orElseThrow();
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "account",
                        Guard.account(ctx).toString(),
                        "csrfToken",
                        Cookies.csrfToken(session),
                        "adultStated",
                        signIn.hasStatedAdult(Guard.account(ctx))));
    }

    /**
     * R42: the person says, once, that they are 18 or older, with the version of the notice the page showed; asked for
     * as a JSON boolean, never defaulted. Nothing of theirs is processed before.
     */
    private void stateAge(Context ctx) {
        JsonObject body = Json.object(ctx);
        boolean adult = body.requiredBoolean("adult");
        String noticeVersion = body.requiredString("noticeVersion", 32);
        body.done();
        NoticeVersion shown;
        try {
            shown = new NoticeVersion(noticeVersion);
        } catch (InvalidInput e) {
            throw new ProblemException(Problem.of(e.rejection())
                    .with("errors", java.util.List.of(new Problem.FieldError("noticeVersion", e.getMessage()).json())));
        }
        Optional<Rejection> refused = signIn.stateAdult(Guard.account(ctx), shown, adult);
        if (refused.isPresent()) {
            throw new ProblemException(Problem.of(refused.get()));
        }
        ctx.status(204);
    }

    static EmailAddress email(String raw) {
        try {
            return EmailAddress.of(raw);
        } catch (InvalidInput e) {
            throw new ProblemException(Problem.of(e.rejection())
                    .with("errors", java.util.List.of(new Problem.FieldError("email", e.getMessage()).json())));
        }
    }

    /** 32 random bytes, URL-safe: a browser nonce or a page's CSRF token. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
