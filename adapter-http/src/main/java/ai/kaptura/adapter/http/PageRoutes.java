package ai.kaptura.adapter.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web front-end's pages: static HTML (no server-side rendering, no inline script) under readable
 * addresses, each put in the one layout once at start; each page's script talks to the JSON API like any
 * other client. The assets live under
 * {@code /assets}.
 */
final class PageRoutes {

    static final String PAGES = "/ai/kaptura/adapter/http/web/pages/";
    static final String ASSETS = "/ai/kaptura/adapter/http/web/assets";
    static final String LAYOUT = "/ai/kaptura/adapter/http/web/layout.html";
    private static final Pattern PAGE_HEADER =
            Pattern.compile("<!-- title: ([^<>\\n]+?) -->\\n(?:<!-- script: ([a-z][a-z-]*\\.js) -->\\n)?(?=<main[ >])");

    private final byte[] home = page("home.html");
    private final byte[] signIn = page("sign-in.html");
    private final byte[] orders = page("orders.html");
    private final byte[] order = page("order.html");
    private final byte[] checkout = page("checkout.html");
    private final byte[] gallery = page("gallery.html");
    private final byte[] privacy = page("privacy.html");
    private final byte[] notFound = page("not-found.html");
    private final byte[] signInLink = page("sign-in-link.html");
    private final byte[] operator = page("operator.html");

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/", ctx -> html(ctx, home), Access.ANYONE);
        routes.get("/sign-in", ctx -> html(ctx, signIn), Access.ANYONE);
        routes.get("/orders", ctx -> html(ctx, orders), Access.ANYONE);
        routes.get("/orders/{id}", ctx -> html(ctx, order), Access.ANYONE);
        routes.get("/orders/{id}/checkout", ctx -> html(ctx, checkout), Access.ANYONE);
        routes.get("/orders/{id}/gallery", ctx -> html(ctx, gallery), Access.ANYONE);
        routes.get("/privacy", ctx -> html(ctx, privacy), Access.ANYONE);
        routes.get("/operator", ctx -> html(ctx, operator), Access.ANYONE);
    }

    /** The page the emailed sign-in link opens (served by {@link AuthRoutes}, which sets its CSRF token). */
    byte[] signInLink() {
        return signInLink.clone();
    }

    void notFound(Context ctx) {
        ctx.status(404).contentType("text/html; charset=utf-8").result(notFound);
    }

    private static void html(Context ctx, byte[] page) {
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] page(String name) {
        return compose(
                        name,
                        new String(OpsRoutes.resource(LAYOUT), StandardCharsets.UTF_8),
                        new String(OpsRoutes.resource(PAGES + name), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One page in the site's layout ({@code layout.html}: head, header, footer), composed once at start. A page
     * file starts with its title ({@code <!-- title: Your order -->}) and, if it has one, its own script
     * ({@code <!-- script: order.js -->}, served from {@code /assets}), then its {@code <main>} element.
     */
    static String compose(String name, String layout, String page) {
        Matcher header = PAGE_HEADER.matcher(page);
        if (!header.lookingAt()) {
            throw new IllegalStateException("Page " + name + " must start with <!-- title: ... -->, then optionally"
                    + " <!-- script: name.js -->, then its <main> element");
        }
        String script =
                header.group(2) == null ? "" : "<script src=\"/assets/" + header.group(2) + "\" defer></script>\n";
        return layout.replace("{{title}}", Html.escape(header.group(1).strip()))
                .replace("{{script}}", script)
                .replace("{{main}}", page.substring(header.end()).strip());
    }
}
