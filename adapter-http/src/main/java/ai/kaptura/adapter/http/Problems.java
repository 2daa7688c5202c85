package ai.kaptura.adapter.http;

import ai.kaptura.domain.shared.InvalidInput;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.lang.System.Logger.Level;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import org.eclipse.jetty.http.HttpException;

/** Every error becomes a problem document, in one place. */
final class Problems {

    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private final PageRoutes pages;

    Problems(PageRoutes pages) {
        this.pages = pages;
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.exception(ProblemException.class, (e, ctx) -> write(ctx, e.problem()));
        routes.exception(InvalidInput.class, (e, ctx) -> write(ctx, Problem.of(e.rejection())));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e)));
        // What the server refuses while a route reads the body, such as a body slower than the minimum data rate
        // (408, ServerLimits): the client's doing, answered as its status, never as an internal error.
        routes.exception(HttpException.RuntimeException.class, (e, ctx) -> {
            if (e.getCode() >= 500) {
                LOG.log(Level.ERROR, "Request " + ctx.method() + " failed in the server", e);
            }
            write(ctx, Problem.ofStatus(e.getCode(), "The request was refused."));
        });
        // A Content-Type naming a charset this JVM does not know, met while the servlet layer decodes a form.
        routes.exception(UnsupportedCharsetException.class, (e, ctx) -> write(ctx, unknownCharset()));
        routes.exception(IllegalCharsetNameException.class, (e, ctx) -> write(ctx, unknownCharset()));
        routes.exception(Exception.class, (e, ctx) -> {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            LOG.log(
                    Level.ERROR,
                    "Request " + ctx.method() + " " + (endpoint == null ? "(unmatched)" : endpoint.path) + " failed",
                    e);
            write(ctx, Problem.internal());
        });
        routes.error(404, ctx -> {
            if (ctx.endpoints().matchedHttpEndpoint() != null) {
                return; // a route answered 404 itself, with its own problem
            }
            if (isApi(ctx.path())) {
                write(
                        ctx,
                        Problem.NOT_FOUND.detail(
                                "Nothing is here: " + ctx.method() + " " + ctx.path() + " is not part of the API."));
            } else {
                pages.notFound(ctx);
            }
        });
    }

    private static Problem unknownCharset() {
        return Problem.UNSUPPORTED_MEDIA_TYPE.detail(
                "The charset named in the Content-Type header is not one this server reads; send UTF-8.");
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/")
                || path.equals("/api")
                || path.startsWith("/webhooks/")
                || path.startsWith("/auth/")
                || path.startsWith("/sandbox/")
                || path.startsWith("/health/")
                || path.equals("/metrics");
    }

    static void write(Context ctx, Problem problem) {
        if (ctx.res().isCommitted()) {
            LOG.log(
                    Level.WARNING,
                    "A " + problem.status() + " problem came after the response had started: " + problem.slug());
            return;
        }
        problem.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(Json.bytes(problem.body(ctx.path())));
    }

    private static Problem fromJavalin(HttpResponseException e) {
        return Problem.ofStatus(e.getStatus(), e.getMessage());
    }
}
