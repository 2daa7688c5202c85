package ai.kaptura.adapter.http;

import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.PaymentGateway;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vendor events in: the exact bytes of the body and every header go to the use case, whose vendor adapter
 * verifies and decodes them. This adapter knows no vendor. Applied and ignored events answer 200 (a
 * processor retries anything else for days); a rejected one answers a 400 problem.
 */
record WebhookRoutes(ReceivePaymentEvent payments, ReceiveGeneratorEvent generator) {

    /** Vendor events are small JSON documents; a larger body is refused unread. */
    static final int MAX_EVENT_BYTES = 512 * 1024;

    void register(JavalinDefaultRoutingApi routes) {
        routes.post(PaymentGateway.WEBHOOK_PATH, this::payment, Access.VENDOR);
        routes.post(HeadshotGenerator.CALLBACK_PATH + "{token}", this::generator, Access.VENDOR);
    }

    private void payment(Context ctx) {
        switch (payments.handle(body(ctx), headers(ctx))) {
            case ReceivePaymentEvent.Outcome.Applied applied -> answer(ctx, "applied", applied.eventId());
            case ReceivePaymentEvent.Outcome.Ignored ignored -> answer(ctx, "ignored", ignored.eventId());
            case ReceivePaymentEvent.Outcome.Rejected rejected -> throw rejected(rejected.why());
        }
    }

    private void generator(Context ctx) {
        String token = ctx.pathParam("token");
        if (token.length() > 512) {
            throw new ProblemException(Problem.NOT_FOUND.detail("Unknown callback address."));
        }
        switch (generator.handle(token, body(ctx), headers(ctx))) {
            case ReceiveGeneratorEvent.Outcome.Applied applied -> answer(ctx, "applied", applied.eventId());
            case ReceiveGeneratorEvent.Outcome.Ignored ignored -> answer(ctx, "ignored", ignored.eventId());
            case ReceiveGeneratorEvent.Outcome.Rejected rejected -> throw rejected(rejected.why());
        }
    }

    private static void answer(Context ctx, String outcome, String eventId) {
        Json.respond(ctx, 200, Views.ordered("received", true, "outcome", outcome, "event", eventId));
    }

    /** Whatever the reason, a refused event is a 400: nothing changed, and the sender should not retry it as is. */
    private static ProblemException rejected(Rejection why) {
        Problem problem = Problem.of(why);
        return new ProblemException(new Problem(
                problem.slug(), 400, "Event refused", why.detail(), problem.extensions(), java.util.Optional.empty()));
    }

    private static byte[] body(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_EVENT_BYTES) {
            throw new ProblemException(
                    Problem.PAYLOAD_TOO_LARGE.detail("An event body is at most " + MAX_EVENT_BYTES + " bytes."));
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_EVENT_BYTES + 1);
            if (body.length > MAX_EVENT_BYTES) {
                throw new ProblemException(
                        Problem.PAYLOAD_TOO_LARGE.detail("An event body is at most " + MAX_EVENT_BYTES + " bytes."));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("The event body could not be read", e);
        }
    }

    /**
     * Every header with all its values, under the name as it arrived, in a map whose look-ups ignore case
     * (header names are case-insensitive, RFC 9110).
     */
    static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            List<String> values = headers.computeIfAbsent(name, n -> new ArrayList<>());
            values.addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(headers);
    }
}
