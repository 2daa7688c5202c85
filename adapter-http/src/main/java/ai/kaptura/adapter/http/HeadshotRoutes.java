package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.ListHeadshots;
import ai.kaptura.ports.in.ViewOrders;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A person's headshots: the list, each file, and all of an order's as one ZIP. Every one is labelled
 * AI-generated: in the JSON ({@code aiGenerated: true}), in a response header ({@value #AI_HEADER}) and,
 * in the ZIP, by a note beside the files (R44); the files themselves carry the XMP marker (R43).
 */
@Implements({Rule.R43, Rule.R44})
record HeadshotRoutes(ViewOrders orders, ListHeadshots headshots) {

    static final String AI_HEADER = "X-AI-Generated";

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/orders/{id}/headshots", this::list, Access.PERSON);
        routes.get("/api/orders/{id}/headshots.zip", this::zip, Access.PERSON);
        routes.get("/api/headshots/{id}", this::one, Access.PERSON);
    }

    private void list(Context ctx) {
        Order order = OrderRoutes.ownOrder(ctx, orders);
        List<Headshot> all = headshots.of(Guard.account(ctx), order.id());
        Map<StyleId, String> titles = new HashMap<>();
        orders.plans().stream()
                .filter(plan -> plan.id().equals(order.plan()))
                .flatMap(plan -> plan.styles().stream())
                .forEach(style -> titles.put(style.id(), style.title()));
        Json.respond(
                ctx,
                200,
                Views.ordered(
                        "order",
                        order.id().toString(),
                        "aiGenerated",
                        true,
                        "label",
                        AiMarker.VISIBLE_LABEL,
                        "headshots",
                        all.stream()
                                .map(h -> Views.headshot(
                                        h,
                                        titles.getOrDefault(h.style(), h.style().value())))
                                .toList()));
    }

    private void one(Context ctx) throws IOException {
        AccountId account = Guard.account(ctx);
        HeadshotId id = Params.id(ctx, "id", HeadshotId::new, "headshot");
        ListHeadshots.File file = headshots
                .open(account, id)
                .orElseThrow(() -> new ProblemException(
                        Problem.NOT_FOUND.detail("There is no headshot " + id + " in your account.")));
        ImageTypes.Sniffed image = ImageTypes.sniff(file.content());
        boolean download = Params.query(ctx, "download").isPresent();
        ctx.header(AI_HEADER, "true");
        ctx.header(
                "Content-Disposition",
                (download ? "attachment" : "inline") + "; filename=\"headshot-" + id + "-ai-generated."
                        + image.extension() + "\"");
        ctx.header("Cache-Control", "private, no-store");
        ctx.status(200).contentType(image.mediaType()).result(image.content());
    }

    private void zip(Context ctx) throws IOException {
        Order order = OrderRoutes.ownOrder(ctx, orders);
        AccountId account = Guard.account(ctx);
        List<Headshot> all = headshots.of(account, order.id());
        ctx.header(AI_HEADER, "true");
        ctx.header("Content-Disposition", "attachment; filename=\"headshots-" + order.id() + "-ai-generated.zip\"");
        ctx.status(200).contentType("application/zip");
        try (ZipOutputStream zip = new ZipOutputStream(ctx.outputStream())) {
            zip.putNextEntry(new ZipEntry("AI-GENERATED.txt"));
            zip.write(
                    ("Every image in this archive is " + AiMarker.VISIBLE_LABEL + ": it was made by a model trained on "
                                    + "your selfies, not photographed. Each file says so in its metadata ("
                                    + AiMarker.XMP_PROPERTY + " = " + AiMarker.DIGITAL_SOURCE_TYPE + ").\n")
                            .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            int n = 0;
            for (Headshot headshot : all) {
                Optional<ListHeadshots.File> file = headshots.open(account, headshot.id());
                if (file.isEmpty()) {
                    continue;
                }
                try (InputStream content = file.get().content()) {
                    ImageTypes.Sniffed image = ImageTypes.sniff(content);
                    n++;
                    zip.putNextEntry(new ZipEntry(String.format(
                            "%02d-%s-ai-generated.%s", n, headshot.style().value(), image.extension())));
                    copy(image.content(), zip);
                    zip.closeEntry();
                }
            }
            zip.finish();
        }
    }

    static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
