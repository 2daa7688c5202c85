package ai.kaptura.adapter.http;

import ai.kaptura.ports.out.LocalCheckout;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.InstantSource;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sandbox payment page, served only when a sandbox payment stand-in is configured. Paying here proves
 * nothing by itself: the stand-in sends its signed event to the webhook, and only that event pays.
 */
record SandboxRoutes(LocalCheckout checkout, Cookies cookies, InstantSource clock) {

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_:.-]{1,128}");

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/sandbox/checkout/{ref}", this::page, Access.ANYONE);
        routes.post("/sandbox/checkout/{ref}/pay", ctx -> act(ctx, true), Access.ANYONE);
        routes.post("/sandbox/checkout/{ref}/cancel", ctx -> act(ctx, false), Access.ANYONE);
    }

    private Optional<LocalCheckout.Page> find(Context ctx) {
        String ref = ctx.pathParam("ref");
        return REFERENCE.matcher(ref).matches() ? checkout.page(ref, clock.instant()) : Optional.empty();
    }

    private void page(Context ctx) {
        Optional<LocalCheckout.Page> found = find(ctx);
        if (found.isEmpty()) {
            ctx.status(404)
                    .html(
                            Html.page(
                                    "Checkout not found",
                                    "<h1>Checkout not found</h1><p>This sandbox checkout does not exist. <a href=\"/orders\">Back to your orders</a></p>"));
            return;
        }
        LocalCheckout.Page page = found.get();
        String ref = Html.escape(page.reference());
        String csrf = cookies.session(ctx)
                .map(s -> "<input type=\"hidden\" name=\"" + Cookies.CSRF_FORM_FIELD + "\" value=\""
                        + Html.escape(Cookies.csrfToken(s)) + "\">")
                .orElse("");
        String actions = page.state() == LocalCheckout.State.OPEN
                ? """
                  <div class="actions">
                  <form method="post" action="/sandbox/checkout/%1$s/pay">%2$s<button class="button primary" type="submit">Pay %3$s (sandbox)</button></form>
                  <form method="post" action="/sandbox/checkout/%1$s/cancel">%2$s<button class="button" type="submit">Cancel</button></form>
                  </div>
                  """.formatted(ref, csrf, Html.escape(page.amount().toString()))
                : "<p class=\"notice\">This checkout is "
                        + Html.escape(page.state().name().toLowerCase(java.util.Locale.ROOT))
                        + ". <a href=\""
                        + Html.escape(page.state() == LocalCheckout.State.PAID ? page.successUrl() : page.cancelUrl())
                        + "\">Continue</a></p>";
        ctx.html(Html.page("Sandbox checkout", """
                <h1>Sandbox checkout</h1>
                <p class="notice" role="note">This is the offline sandbox: no money moves and no card is asked for.</p>
                <dl class="facts">
                <dt>Order</dt><dd>%s</dd>
                <dt>What</dt><dd>%s</dd>
                <dt>Amount</dt><dd>%s</dd>
                <dt>Open until</dt><dd>%s</dd>
                </dl>
                %s
                """.formatted(
                        Html.escape(page.order().toString()),
                        Html.escape(page.description()),
                        Html.escape(page.amount().toString()),
                        Html.escape(page.expiresAt().toString()),
                        actions)));
    }

    private void act(Context ctx, boolean pay) {
        Optional<LocalCheckout.Page> found = find(ctx);
        if (found.isEmpty()) {
            ctx.status(404).html(Html.page("Checkout not found", "<h1>Checkout not found</h1>"));
            return;
        }
        String reference = found.get().reference();
        try {
            String next = pay ? checkout.pay(reference, clock.instant()) : checkout.cancel(reference, clock.instant());
            ctx.redirect(next, HttpStatus.SEE_OTHER);
        } catch (IllegalStateException e) {
            ctx.status(409)
                    .html(Html.page(
                            "Checkout closed",
                            "<h1>This checkout cannot be " + (pay ? "paid" : "cancelled") + "</h1><p>"
                                    + Html.escape(e.getMessage()) + "</p>"));
        }
    }
}
