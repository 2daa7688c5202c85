package ai.kaptura.adapter.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Request counts and durations by method, route template and status, in the Prometheus text format; the
 * route is the template ({@code /api/orders/{id}}), never the concrete path, so no id ever becomes a label.
 */
final class Metrics {

    private record Key(String method, String route, int status) {}

    private static final class Tally {
        final LongAdder count = new LongAdder();
        final LongAdder micros = new LongAdder();
    }

    private static final String STARTED = "kaptura.started";

    private final InstantSource clock;
    private final Supplier<String> more;
    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

    Metrics(InstantSource clock, Supplier<String> more) {
        this.clock = clock;
        this.more = more;
    }

    void started(Context ctx) {
        ctx.attribute(STARTED, clock.instant());
    }

    void finished(Context ctx) {
        java.time.Instant started = ctx.attribute(STARTED);
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint != null
                ? endpoint.path
                : ctx.path().startsWith("/assets/") && ctx.statusCode() < 400 ? "/assets/*" : "unmatched";
        Tally tally = tallies.computeIfAbsent(new Key(ctx.method().name(), route, ctx.statusCode()), k -> new Tally());
        tally.count.increment();
        if (started != null) {
            tally.micros.add(Math.max(
                    0, java.time.Duration.between(started, clock.instant()).toNanos() / 1_000));
        }
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(
                "# HELP kaptura_http_requests_total HTTP requests answered, by method, route template and status.\n");
        out.append("# TYPE kaptura_http_requests_total counter\n");
        sorted().forEach(e -> out.append("kaptura_http_requests_total")
                .append(labels(e.getKey()))
                .append(' ')
                .append(e.getValue().count.sum())
                .append('\n'));
        out.append("# HELP kaptura_http_request_duration_seconds Time to answer HTTP requests.\n");
        out.append("# TYPE kaptura_http_request_duration_seconds summary\n");
        sorted().forEach(e -> {
            out.append("kaptura_http_request_duration_seconds_sum")
                    .append(labels(e.getKey()))
                    .append(' ')
                    .append(e.getValue().micros.sum() / 1_000_000.0)
                    .append('\n');
            out.append("kaptura_http_request_duration_seconds_count")
                    .append(labels(e.getKey()))
                    .append(' ')
                    .append(e.getValue().count.sum())
                    .append('\n');
        });
        String extra = more.get();
        if (extra != null && !extra.isBlank()) {
            out.append(extra.endsWith("\n") ? extra : extra + "\n");
        }
        return out.toString();
    }

    private java.util.stream.Stream<Map.Entry<Key, Tally>> sorted() {
        return tallies.entrySet().stream()
                .sorted(Comparator.comparing(
                                (Map.Entry<Key, Tally> e) -> e.getKey().route())
                        .thenComparing(e -> e.getKey().method())
                        .thenComparing(e -> e.getKey().status()));
    }

    private static String labels(Key key) {
        return "{method=\"" + escape(key.method()) + "\",route=\"" + escape(key.route()) + "\",status=\"" + key.status()
                + "\"}";
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
