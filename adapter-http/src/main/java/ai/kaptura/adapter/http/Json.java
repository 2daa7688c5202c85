package ai.kaptura.adapter.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The one JSON mapper of the adapter: strict when reading, plain when writing. */
final class Json {

    /** Request bodies of the JSON API are small; anything larger is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** How deeply a request body may nest objects and arrays. */
    static final int MAX_NESTING = 32;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(MAX_BODY_BYTES)
                        .maxNumberLength(40)
                        .build());
    }

    private Json() {}

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response could not be written as JSON", e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A value could not be written as JSON", e);
        }
    }

    /** Answers {@code value} as JSON with {@code status}. */
    static void respond(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(bytes(value));
    }

    /**
     * Reads the request body as one JSON object: the media type must be JSON, the body at most
     * {@link #MAX_BODY_BYTES}, and well-formed; otherwise a 415, 413 or 400 problem ends the request.
     */
    static JsonObject object(Context ctx) {
        String contentType = contentType(ctx);
        if (!isJson(contentType)) {
            throw notJson(contentType);
        }
        return parse(readLimited(ctx, MAX_BODY_BYTES));
    }

    /**
     * Reads an optional JSON object: an empty body (whatever its declared type) counts as {@code {}}; a body
     * that is not empty is read as {@link #object} reads it, so it is never silently ignored, not even when it
     * arrives chunked without a Content-Type.
     */
    static JsonObject optionalObject(Context ctx) {
        String contentType = contentType(ctx);
        if (ctx.req().getContentLengthLong() > 0 && !isJson(contentType)) {
            throw notJson(contentType);
        }
        byte[] body = readLimited(ctx, MAX_BODY_BYTES);
        if (body.length == 0) {
            return new JsonObject("", MAPPER.createObjectNode());
        }
        if (!isJson(contentType)) {
            throw notJson(contentType);
        }
        return parse(body);
    }

    /**
     * The request's Content-Type exactly as sent. Read from the header itself: the servlet layer's own
     * accessor fails on a charset it does not know, and a JSON body's charset is not ours to obey anyway
     * (RFC 8259 §8.1: JSON is UTF-8).
     */
    static String contentType(Context ctx) {
        return ctx.header("Content-Type");
    }

    private static boolean isJson(String contentType) {
        return contentType != null && mediaType(contentType).equals("application/json");
    }

    private static ProblemException notJson(String contentType) {
        return new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE.detail("Send the body as application/json (got "
                + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ")."));
    }

    private static JsonObject parse(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.MALFORMED_JSON.detail("The body nests deeper than " + MAX_NESTING
                    + " levels, or holds a number or a string longer than this API reads."));
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.MALFORMED_JSON.detail("The body is not valid JSON" + where(e) + "."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ProblemException(Problem.MALFORMED_JSON.detail("The body is empty; send a JSON object."));
        }
        if (!node.isObject()) {
            throw new ProblemException(Problem.MALFORMED_JSON.detail(
                    "The body must be a JSON object, not " + JsonObject.describe(node) + "."));
        }
        return new JsonObject("", node);
    }

    /**
     * Where the parser stopped, as line and column. The parser's own message is not passed on: it can name
     * the parser's classes and settings, which are none of the client's business.
     */
    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? ""
                : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static byte[] readLimited(Context ctx, int max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new ProblemException(Problem.PAYLOAD_TOO_LARGE.detail("A JSON body is at most " + max + " bytes."));
        }
        try (InputStream in = MinimumRate.of(ctx, ctx.req().getInputStream())) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ProblemException(
                        Problem.PAYLOAD_TOO_LARGE.detail("A JSON body is at most " + max + " bytes."));
            }
            return body;
        } catch (MinimumRate.TooSlow e) {
            throw new ProblemException(Problem.tooSlow());
        } catch (IOException e) {
            throw new UncheckedIOException("The request body could not be read", e);
        }
    }
}
