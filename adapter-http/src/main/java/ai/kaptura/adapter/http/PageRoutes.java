package ai.kaptura.adapter.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * The web front-end's pages: static HTML (no server-side rendering, no inline script) under readable
 * addresses; each page's script talks to the JSON API like any other client. The assets live under
 * {@code /assets}.
 */
final class PageRoutes {

    static final String PAGES = "/ai/kaptura/adapter/http/web/pages/";
    static final String ASSETS = "/ai/kaptura/adapter/http/web/assets";

    private final byte[] home = page("home.html");
    private final byte[] signIn = page("sign-in.html");
    private final byte[] orders = page("orders.html");
    private final byte[] order = page("order.html");
    private final byte[] checkout = page("checkout.html");
    private final byte[] gallery = page("gallery.html");
    private final byte[] privacy = page("privacy.html");
    private final byte[] notFound = page("not-found.html");

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/", ctx -> html(ctx, home), Access.ANYONE);
        routes.get("/sign-in", ctx -> html(ctx, signIn), Access.ANYONE);
        routes.get("/orders", ctx -> html(ctx, orders), Access.ANYONE);
        routes.get("/orders/{id}", ctx -> html(ctx, order), Access.ANYONE);
        routes.get("/orders/{id}/checkout", ctx -> html(ctx, checkout), Access.ANYONE);
        routes.get("/orders/{id}/gallery", ctx -> html(ctx, gallery), Access.ANYONE);
        routes.get("/privacy", ctx -> html(ctx, privacy), Access.ANYONE);
    }

    void notFound(Context ctx) {
        ctx.status(404).contentType("text/html; charset=utf-8").result(notFound);
    }

    private static void html(Context ctx, byte[] page) {
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] page(String name) {
        return OpsRoutes.resource(PAGES + name);
    }
}
