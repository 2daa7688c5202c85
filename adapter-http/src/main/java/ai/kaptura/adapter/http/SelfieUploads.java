package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.UploadSelfie;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * One selfie per request, as {@code multipart/form-data} field {@value #FIELD}, streamed to the use case as
 * it arrives. The size limit holds while reading: a declared length above it is refused before a byte is
 * read, and a body that turns out larger stops at the first byte past the limit; then nothing is kept
 * (R1: a selfie the person did not finish giving is not stored).
 */
@Implements(Rule.R1)
final class SelfieUploads {

    static final String FIELD = "selfie";
    /** Room for the multipart boundaries and part headers around the photo itself. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(SelfieUploads.class.getName());

    private final UploadSelfie selfies;
    private final long maxBytes;

    SelfieUploads(UploadSelfie selfies, long maxBytes) {
        this.selfies = selfies;
        this.maxBytes = maxBytes;
    }

    UploadSelfie.Outcome.Uploaded receive(Context ctx, AccountId account, OrderId order) {
        String boundary = MultipartStream.boundary(Json.contentType(ctx)).orElseThrow(() -> new ProblemException(
                Problem.unsupportedMediaType("Send the photo as multipart/form-data, in the field '" + FIELD + "'.")));
        if (ctx.req().getContentLengthLong() > maxBytes + MULTIPART_OVERHEAD) {
            throw new ProblemException(tooLarge());
        }
        InputStream request;
        try {
            request = ctx.req().getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultipartStream parts = new MultipartStream(request, boundary);
        UploadSelfie.Outcome outcome = null;
        try {
            MultipartStream.Part part = parts.next().orElseThrow(() -> refuse(request,
                    Problem.validation(FIELD, "The upload holds no photo; send it in the field '" + FIELD + "'.")));
            if (!part.name().equals(FIELD) || part.filename().isEmpty()) {
                throw refuse(request, Problem.validation(part.name(),
                        "Unexpected field '" + part.name() + "'; send one photo as a file in the field '" + FIELD + "'."));
            }
            LimitedInputStream photo = new LimitedInputStream(part.body(), maxBytes);
            outcome = upload(account, order, photo);
            if (!photo.exceeded()) {
                // Whatever the use case left unread still counts towards the limit.
                drainWithin(photo);
            }
            if (photo.exceeded()) {
                discard(account, order, outcome);
                throw refuse(request, tooLarge());
            }
            UploadSelfie.Outcome.Uploaded uploaded = switch (outcome) {
                case UploadSelfie.Outcome.Uploaded ok -> ok;
                case UploadSelfie.Outcome.Refused refused -> throw refuse(request, Problem.of(refused.why()));
                case UploadSelfie.Outcome.Removed removed ->
                        throw new IllegalStateException("An upload answered 'removed'");
            };
            Optional<MultipartStream.Part> more = parts.next();
            if (more.isPresent()) {
                discard(account, order, uploaded);
                throw refuse(request, Problem.validation(more.get().name(),
                        "Send one photo per request; this one held more than one part."));
            }
            return uploaded;
        } catch (IOException e) {
            // The body broke off or is not multipart: a selfie taken from it must not stay.
            discard(account, order, outcome);
            throw refuse(request, Problem.badRequest("The upload could not be read as multipart/form-data: " + e.getMessage()));
        }
    }

    private UploadSelfie.Outcome upload(AccountId account, OrderId order, LimitedInputStream photo) {
        try {
            return selfies.upload(new UploadSelfie.Upload(account, order, photo));
        } catch (RuntimeException e) {
            if (photo.exceeded()) {
                return null;
            }
            throw e;
        }
    }

    private static void drainWithin(LimitedInputStream photo) throws IOException {
        try {
            photo.skip(Long.MAX_VALUE);
        } catch (LimitedInputStream.TooLarge e) {
            // exceeded() now says so
        }
    }

    /** A selfie must not stay when its upload was refused after the use case had accepted it. */
    private void discard(AccountId account, OrderId order, UploadSelfie.Outcome outcome) {
        if (outcome instanceof UploadSelfie.Outcome.Uploaded uploaded) {
            UploadSelfie.Outcome removed = selfies.remove(new UploadSelfie.Remove(account, order, uploaded.selfie()));
            if (!(removed instanceof UploadSelfie.Outcome.Removed)) {
                LOG.log(Level.ERROR, "A refused upload's selfie {0} could not be removed: {1}", uploaded.selfie(), removed);
            }
        }
    }

    private Problem tooLarge() {
        return Problem.payloadTooLarge("A photo may be at most " + (maxBytes / (1024 * 1024)) + " MB; nothing was stored. "
                + "A phone photo saved as JPEG is usually 2 to 6 MB.");
    }

    /**
     * Reads and throws away what is left of the request (up to a bound), so the client receives the answer
     * instead of a reset connection while it is still sending.
     */
    private ProblemException refuse(InputStream request, Problem problem) {
        long budget = maxBytes + MULTIPART_OVERHEAD;
        byte[] sink = new byte[64 * 1024];
        try {
            int n;
            while (budget > 0 && (n = request.read(sink, 0, (int) Math.min(sink.length, budget))) >= 0) {
                budget -= n;
            }
        } catch (IOException e) {
            // The client went away; the answer is moot.
        }
        return new ProblemException(problem);
    }
}
