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
 * (readable by our own script, for the double submit) and the visitor id that remembers a cookie choice
 * (R41). All are {@code SameSite=Lax}, {@code Path=/}, and {@code Secure} when the public address is HTTPS.
 */
@Implements({Rule.R40, Rule.R41})
final class Cookies {

    static final String SESSION = "kaptura_session";
    static final String CSRF = "kaptura_csrf";
    static final String VISITOR = "kaptura_visitor";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FORM_FIELD = "_csrf";

    /** A cookie choice is asked again after six months (R41); the id that remembers it lives as long. */
    static final Duration VISITOR_LIFETIME = Duration.ofDays(184);

    private final boolean secure;

    Cookies(boolean secure) {
        this.secure = secure;
    }

    Optional<String> session(Context ctx) {
        return Optional.ofNullable(ctx.cookie(SESSION)).filter(v -> !v.isBlank());
    }

    Optional<String> visitor(Context ctx) {
        return Optional.ofNullable(ctx.cookie(VISITOR)).filter(v -> !v.isBlank());
    }

    /** A new session: its opaque token (HttpOnly) and the CSRF token derived from it (readable). */
    void startSession(Context ctx, String sessionToken) {
        set(ctx, SESSION, sessionToken, true, Optional.empty());
        set(ctx, CSRF, csrfToken(sessionToken), false, Optional.empty());
    }

    void endSession(Context ctx) {
        clear(ctx, SESSION, true);
        clear(ctx, CSRF, false);
    }

    void rememberVisitor(Context ctx, String visitorId) {
        set(ctx, VISITOR, visitorId, true, Optional.of(VISITOR_LIFETIME));
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
        return MessageDigest.isEqual(csrfToken(sessionToken).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }

    private void set(Context ctx, String name, String value, boolean httpOnly, Optional<Duration> maxAge) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value).append("; Path=/");
        maxAge.ifPresent(age -> cookie.append("; Max-Age=").append(age.toSeconds()));
        if (httpOnly) {
            cookie.append("; HttpOnly");
        }
        cookie.append("; SameSite=Lax");
        if (secure) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }

    private void clear(Context ctx, String name, boolean httpOnly) {
        StringBuilder cookie = new StringBuilder(name).append("=; Path=/; Max-Age=0");
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
