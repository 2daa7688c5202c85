package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.ports.in.OperatorSignIn;
import ai.kaptura.ports.in.SignIn;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route and static file: deny by default (a route without exactly one
 * {@link Access} is refused to everyone), who the caller is, and cross-site request protection.
 *
 * <p>CSRF: every state-changing request that carries a session cookie must present the session's CSRF token
 * in the {@value Cookies#CSRF_HEADER} header (or, for the plain HTML forms of the sandbox page, the
 * {@value Cookies#CSRF_FORM_FIELD} form field), and its {@code Origin} (or {@code Referer}) must be this site.
 * Vendor webhooks carry no session and are exempt.
 */
final class Guard {

    private static final String ACCOUNT = "kaptura.account";
    private static final String OPERATOR = "kaptura.operator";
    /** Where the desk's own routes live: their CSRF token is the operator session's, not a person's. */
    static final String DESK_API = "/api/operator/";

    private final SignIn signIn;
    private final OperatorSignIn operators;
    private final Cookies cookies;
    private final BearerTokens auditors;
    private final BearerTokens scrapers;
    private final String siteOrigin;

    Guard(
            SignIn signIn,
            OperatorSignIn operators,
            Cookies cookies,
            BearerTokens auditors,
            BearerTokens scrapers,
            URI publicBaseUrl) {
        this.signIn = signIn;
        this.operators = operators;
        this.cookies = cookies;
        this.auditors = auditors;
        this.scrapers = scrapers;
        this.siteOrigin = SecurityHeaders.origin(publicBaseUrl);
    }

    void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.size() != 1 || !(roles.iterator().next() instanceof Access access)) {
            throw new ProblemException(Problem.FORBIDDEN.detail("This address is not open to anyone."));
        }
        if (isStateChanging(ctx.method()) && access != Access.VENDOR) {
            checkOrigin(ctx);
            Optional<String> session =
                    ctx.path().startsWith(DESK_API) ? cookies.operatorSession(ctx) : cookies.session(ctx);
            if (session.isPresent() && !Cookies.csrfMatches(session.get(), presentedCsrfToken(ctx))) {
                throw new ProblemException(Problem.CSRF.detail("This request did not carry this site's CSRF token ("
                        + Cookies.CSRF_HEADER + " header); reload the page and try again."));
            }
        }
        switch (access) {
            case ANYONE, VENDOR -> {}
            case PERSON -> {
                AccountId account = cookies.session(ctx)
                        .flatMap(signIn::authenticate)
                        .orElseThrow(() -> new ProblemException(Problem.UNAUTHORIZED.detail("Please sign in first.")));
                ctx.attribute(ACCOUNT, account);
            }
            case OPERATOR -> {
                AccountId operator = cookies.operatorSession(ctx)
                        .flatMap(operators::authenticate)
                        .orElseThrow(() -> new ProblemException(Problem.UNAUTHORIZED.detail(
                                "The operator's desk needs an operator's sign-in (at /operator).")));
                ctx.attribute(OPERATOR, operator);
            }
            case AUDITOR ->
                bearer(
                        ctx,
                        auditors,
                        "kaptura-audit",
                        "The audit API needs an auditor's bearer token.",
                        "This token does not open the audit API.");
            case METRICS -> {
                if (scrapers.isEmpty()) {
                    throw new ProblemException(
                            Problem.FORBIDDEN.detail("The metrics are closed: set KAPTURA_METRICS_TOKEN and scrape them"
                                    + " with that bearer token."));
                }
                bearer(
                        ctx,
                        scrapers,
                        "kaptura-metrics",
                        "The metrics need their bearer token (KAPTURA_METRICS_TOKEN).",
                        "This token does not open the metrics.");
            }
        }
    }

    private static void bearer(Context ctx, BearerTokens tokens, String realm, String missing, String refused) {
        String token = BearerTokens.bearer(ctx.header("Authorization"));
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
            throw new ProblemException(Problem.UNAUTHORIZED.detail(missing));
        }
        if (!tokens.accepts(token)) {
            throw new ProblemException(Problem.FORBIDDEN.detail(refused));
        }
    }

    /**
     * For a request that starts a session without one (the sign-in link's button): it must say where it comes from,
     * and that must be this site. A form or script on another site cannot then sign a browser in (login CSRF, R47).
     */
    void requireOwnOrigin(Context ctx) {
        if (ctx.header("Origin") == null && ctx.header("Referer") == null) {
            throw new ProblemException(
                    Problem.CSRF.detail("This request must come from this site's own sign-in page."));
        }
        checkOrigin(ctx);
    }

    /** The signed-in person of a {@link Access#PERSON} route. */
    static AccountId account(Context ctx) {
        AccountId account = ctx.attribute(ACCOUNT);
        if (account == null) {
            throw new IllegalStateException("Route " + ctx.path() + " reads the person but is not a PERSON route");
        }
        return account;
    }

    /** The signed-in operator of an {@link Access#OPERATOR} route. */
    static AccountId operator(Context ctx) {
        AccountId operator = ctx.attribute(OPERATOR);
        if (operator == null) {
            throw new IllegalStateException("Route " + ctx.path() + " reads the operator but is not an OPERATOR route");
        }
        return operator;
    }

    static boolean isStateChanging(HandlerType method) {
        return !(method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS);
    }

    private static String presentedCsrfToken(Context ctx) {
        String header = ctx.header(Cookies.CSRF_HEADER);
        if (header != null) {
            return header;
        }
        String contentType = Json.contentType(ctx);
        if (contentType != null && Json.mediaType(contentType).equals("application/x-www-form-urlencoded")) {
            return ctx.formParam(Cookies.CSRF_FORM_FIELD);
        }
        return null;
    }

    private void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            String referer = ctx.header("Referer");
            if (referer == null) {
                return;
            }
            origin = originOf(referer);
        }
        String own = ctx.scheme() + "://" + ctx.host();
        if (origin == null || !(origin.equalsIgnoreCase(siteOrigin) || origin.equalsIgnoreCase(own))) {
            throw new ProblemException(
                    Problem.CSRF.detail("Requests that change something must come from this site's own pages."));
        }
    }

    private static String originOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() == null || uri.getHost() == null ? null : SecurityHeaders.origin(uri);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
