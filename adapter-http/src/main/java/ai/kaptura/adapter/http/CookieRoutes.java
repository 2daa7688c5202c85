package ai.kaptura.adapter.http;

import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.RecordCookieChoice;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * The cookie banner's API (R40, R41) and the page's configuration. Which cookie choice holds is the use
 * case's decision; the page loads analytics only when it answers {@code analyticsAllowed}. A visitor id is
 * set only when a choice is made, in an essential cookie that remembers that choice and nothing else.
 */
@Implements({Rule.R8, Rule.R40, Rule.R41})
record CookieRoutes(
        RecordCookieChoice choices,
        Cookies cookies,
        NetworkLimits limits,
        Optional<String> ga4Id,
        URI gaScriptUrl,
        long maxUploadBytes) {

    /** Visitor ids come from here; a SecureRandom is safe to share between threads. */
    private static final SecureRandom RANDOM = new SecureRandom();

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/config", this::config, Access.ANYONE);
        routes.get("/api/cookies", this::current, Access.ANYONE);
        routes.post("/api/cookies", this::choose, Access.ANYONE);
    }

    private void config(Context ctx) {
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "analytics",
                        ga4Id.map(id -> Views.ordered(
                                        "provider",
                                        "google-analytics-4",
                                        "measurementId",
                                        id,
                                        "scriptUrl",
                                        gaScriptUrl.toString()))
                                .orElse(null),
                        "maxUploadBytes",
                        maxUploadBytes,
                        "minSelfies",
                        LegalConstants.MIN_SELFIES,
                        "maxSelfies",
                        LegalConstants.MAX_SELFIES));
    }

    private void current(Context ctx) {
        Optional<VisitorId> visitor = visitor(ctx);
        RecordCookieChoice.State state = visitor.map(choices::current)
                // A visitor who never chose is a fresh id: the banner shows, analytics stays off.
                .orElseGet(() -> choices.current(newVisitor()));
        Json.respond(ctx, 200, view(state));
    }

    private void choose(Context ctx) {
        // Anyone may record a choice, and each is a row: bounded per network (R47).
        limits.check(ctx, NetworkLimits.COOKIE_CHOICE);
        JsonObject body = Json.object(ctx);
        boolean analytics = body.requiredBoolean("analytics");
        String banner = body.requiredString("bannerVersion", 32);
        body.done();
        BannerVersion version = OrderRoutes.value("bannerVersion", () -> new BannerVersion(banner));
        VisitorId visitor = visitor(ctx).orElseGet(this::newVisitor);
        RecordCookieChoice.State state = choices.handle(new RecordCookieChoice.Command(visitor, analytics, version));
        cookies.rememberVisitor(ctx, visitor.toString());
        Json.respond(ctx, 200, view(state));
    }

    private Optional<VisitorId> visitor(Context ctx) {
        return cookies.visitor(ctx).flatMap(raw -> {
            try {
                UUID id = UUID.fromString(raw);
                return id.toString().equals(raw) ? Optional.of(new VisitorId(id)) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** A random (version 4) UUID from a secure random source. */
    private VisitorId newVisitor() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new VisitorId(new UUID(buffer.getLong(), buffer.getLong()));
    }

    private Object view(RecordCookieChoice.State state) {
        return Views.ordered(
                "showBanner",
                state.showBanner(),
                "analyticsAllowed",
                state.analyticsAllowed() && ga4Id.isPresent(),
                "bannerVersion",
                state.currentBanner().value(),
                "analyticsConfigured",
                ga4Id.isPresent());
    }
}
