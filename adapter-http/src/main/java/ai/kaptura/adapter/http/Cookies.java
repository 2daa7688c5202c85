package ai.kaptura.adapter.http;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The only cookies Kaptura sets, all essential (R40): the session ({@code HttpOnly}), its CSRF token
 * (readable by our own script, for the double submit), the visitor id that remembers a cookie choice
 * (R41), and, during a sign-in, the nonce of the browser that asked for the code and the CSRF token of the
 * sign-in link's page (R47). All are {@code SameSite=Lax} and {@code Path=/}; when the public address is HTTPS
 * they are {@code Secure} and carry the {@code __Host-} prefix, so that no other host (a subdomain, a plain-http
 * page) can set or shadow them. Over plain http (local use) browsers would drop {@code __Host-} cookies, so the
 * names are then unprefixed.
 */
@Implements({Rule.R40, Rule.R41, Rule.R47})
final class Cookies {

    static final String SESSION = "kaptura_session";
    static final String CSRF = "kaptura_csrf";
    static final String VISITOR = "kaptura_visitor";
    /** The nonce of the browser that asked for a sign-in code: the emailed link signs in only that browser (R47). */
    static final String SIGN_IN_BROWSER = "kaptura_signin";
    /** The CSRF token of the sign-in link's page, before any session exists (R47). */
    static final String LINK_CSRF = "kaptura_link_csrf";
    /**
     * An operator's session at the desk (R50), apart from any person's session the same browser holds. Its CSRF token
     * is given to the desk's script in the sign-in answer and by {@code GET /api/operator/me}, never in a cookie.
     */
    static final String OPERATOR = "kaptura_operator";
    /** An operator's session lasts 8 hours; its cookie no longer. */
    static final Duration OPERATOR_LIFETIME = Duration.ofHours(8);

    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FORM_FIELD = "_csrf";
    static final String HOST_PREFIX = "__Host-";

    /** A cookie choice is asked again after six months (R41); the id that remembers it lives as long. */
    static final Duration VISITOR_LIFETIME = Duration.ofDays(184);
    /** A sign-in browser nonce outlives the code it was asked with (15 minutes), and not by much. */
    static final Duration SIGN_IN_LIFETIME = Duration.ofHours(1);

    private final boolean secure;

    Cookies(boolean secure) {
        this.secure = secure;
    }

    /** The name a cookie has on this site: {@code __Host-} prefixed over HTTPS. */
    String name(String base) {
        return secure ? HOST_PREFIX + base : base;
    }

    Optional<String> session(Context ctx) {
        return read(ctx, SESSION);
    }

    Optional<String> operatorSession(Context ctx) {
        return read(ctx, OPERATOR);
    }

    void startOperatorSession(Context ctx, String sessionToken) {
        set(ctx, OPERATOR, sessionToken, true, Optional.of(OPERATOR_LIFETIME));
    }

    void endOperatorSession(Context ctx) {
        clear(ctx, OPERATOR, true);
    }

    Optional<String> visitor(Context ctx) {
        return read(ctx, VISITOR);
    }

    Optional<String> signInBrowser(Context ctx) {
        return read(ctx, SIGN_IN_BROWSER);
    }

    Optional<String> linkCsrf(Context ctx) {
        return read(ctx, LINK_CSRF);
    }

    private Optional<String> read(Context ctx, String base) {
        return Optional.ofNullable(ctx.cookie(name(base))).filter(v -> !v.isBlank());
    }

    /** A new session: its opaque token (HttpOnly) and the CSRF token derived from it (readable). */
    void startSession(Context ctx, String sessionToken) {
        set(ctx, SESSION, sessionToken, true, Optional.empty());
        set(ctx, CSRF, csrfToken(sessionToken), false, Optional.empty());
        clear(ctx, LINK_CSRF, false);
    }

    void endSession(Context ctx) {
        clear(ctx, SESSION, true);
        clear(ctx, CSRF, false);
    }

    void rememberVisitor(Context ctx, String visitorId) {
        set(ctx, VISITOR, visitorId, true, Optional.of(VISITOR_LIFETIME));
    }

    /** Remembers the nonce of this browser while it signs in (HttpOnly: no script reads it). */
    void rememberSignInBrowser(Context ctx, String nonce) {
        set(ctx, SIGN_IN_BROWSER, nonce, true, Optional.of(SIGN_IN_LIFETIME));
    }

    void forgetSignInBrowser(Context ctx) {
        clear(ctx, SIGN_IN_BROWSER, true);
    }

    /** The sign-in link page's CSRF token, readable by its script for the double submit. */
    void setLinkCsrf(Context ctx, String token) {
        set(ctx, LINK_CSRF, token, false, Optional.of(SIGN_IN_LIFETIME));
    }

    /**
     * The CSRF token of a session: a one-way derivation of its token, so every instance can check it without
     * shared state, and knowing it reveals nothing of the session token.
     */
    static String csrfToken(String sessionToken) {
        byte[] digest = sha256("kaptura-csrf-v1:" + sessionToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    static boolean csrfMatches(String sessionToken, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                csrfToken(sessionToken).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }

    private void set(Context ctx, String base, String value, boolean httpOnly, Optional<Duration> maxAge) {
        StringBuilder cookie =
                new StringBuilder(name(base)).append('=').append(value).append("; Path=/");
        maxAge.ifPresent(age -> cookie.append("; Max-Age=").append(age.toSeconds()));
        send(ctx, cookie, httpOnly);
    }

    private void clear(Context ctx, String base, boolean httpOnly) {
        send(ctx, new StringBuilder(name(base)).append("=; Path=/; Max-Age=0"), httpOnly);
    }

    /** Ends {@code cookie} with the attributes every cookie of ours carries, and adds it to the response. */
    private void send(Context ctx, StringBuilder cookie, boolean httpOnly) {
        if (httpOnly) {
            cookie.append("; HttpOnly");
        }
        cookie.append("; SameSite=Lax");
        if (secure) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }
}
