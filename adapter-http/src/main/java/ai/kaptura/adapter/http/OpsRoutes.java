package ai.kaptura.adapter.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * Operations: liveness and readiness (open to load balancers), Prometheus metrics (behind their bearer token: job
 * counts and dead jobs tell an outsider too much), and the OpenAPI document of the API.
 */
final class OpsRoutes {

    static final String OPENAPI_RESOURCE = "/ai/kaptura/adapter/http/openapi.json";

    private final BooleanSupplier ready;
    private final Metrics metrics;
    private final byte[] openApi;

    OpsRoutes(BooleanSupplier ready, Metrics metrics) {
        this.ready = ready;
        this.metrics = metrics;
        this.openApi = resource(OPENAPI_RESOURCE);
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.get("/health/live", ctx -> Json.respond(ctx, 200, Views.ordered("status", "up")), Access.ANYONE);
        routes.get("/health/ready", this::ready, Access.ANYONE);
        routes.get("/metrics", this::metrics, Access.METRICS);
        routes.get(
                "/api/openapi.json",
                ctx -> ctx.status(200).contentType("application/json").result(openApi),
                Access.ANYONE);
    }

    private void ready(Context ctx) {
        boolean isReady;
        try {
            isReady = ready.getAsBoolean();
        } catch (RuntimeException e) {
            isReady = false;
        }
        if (isReady) {
            Json.respond(ctx, 200, Views.ordered("status", "ready"));
        } else {
            ctx.header("Retry-After", "5");
            Json.respond(ctx, 503, Views.ordered("status", "not-ready"));
        }
    }

    private void metrics(Context ctx) {
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render());
    }

    static byte[] resource(String path) {
        try (InputStream in = OpsRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + path + " is missing from adapter-http");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
