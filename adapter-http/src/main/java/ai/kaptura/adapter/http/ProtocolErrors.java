package ai.kaptura.adapter.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests the server refuses before any route sees them (a request line, path or header that is not valid
 * HTTP, an undecodable path, a too long address, too large headers, an invalid {@code Content-Length}) are
 * answered like every other error: an RFC 9457 problem with a stable type and the security headers, never the
 * server's own HTML page. The detail is a fixed sentence per status: nothing of the request is echoed and no
 * server internals are shown.
 */
final class ProtocolErrors extends ErrorHandler {

    /** Longer paths are not echoed as the problem's {@code instance}. */
    private static final int MAX_INSTANCE = 1024;

    private final SecurityHeaders headers;

    ProtocolErrors(SecurityHeaders headers) {
        this.headers = headers;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    /** Every method gets the problem document, not only those the server would write a page for. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        Problem known = Problem.ofStatus(code, detail(code));
        // Keep the server's own status (such as 505) where the adapter has no problem of that status.
        Problem problem =
                known.status() == code ? known : Problem.of("http-" + code, code, "Request refused", detail(code));
        String instance = instance(request);
        HttpFields.Mutable fields = response.getHeaders();
        headers.headers(instance == null ? "/" : instance).forEach(fields::put);
        problem.retryAfter()
                .ifPresent(wait -> fields.put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.setStatus(problem.status());
        response.write(true, ByteBuffer.wrap(Json.bytes(problem.body(instance))), callback);
    }

    private static String detail(int code) {
        return switch (code) {
            case 400 ->
                "The request is not valid HTTP: its request line, address, a header or its length could not be read.";
            case 413 -> "The request is too large.";
            case 414 -> "The address is too long.";
            case 431 -> "The request's headers are too large.";
            case 505 -> "This HTTP version is not supported; use HTTP/1.1.";
            default -> code >= 500 ? "The request could not be completed." : "The request was refused.";
        };
    }

    /** The path as it arrived (still encoded), when the request has a usable one. */
    private static String instance(Request request) {
        try {
            String path = request.getHttpURI().getPath();
            if (path == null || path.isEmpty() || path.length() > MAX_INSTANCE || path.equals("/badMessage")) {
                return null;
            }
            return path;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
