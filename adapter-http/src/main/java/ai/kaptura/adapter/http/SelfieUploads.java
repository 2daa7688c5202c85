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
import org.eclipse.jetty.http.HttpException;

/**
 * One selfie per request, as {@code multipart/form-data} field {@value #FIELD}, streamed to the use case as
 * it arrives. The size limit holds while reading: a declared length above it is refused before a byte is
 * read, and a body that turns out larger stops at the first byte past the limit; then nothing is kept
 * (R1: a selfie the person did not finish giving is not stored).
 *
 * <p>An upload first takes one of the node's turns to be received ({@link UploadSlots}); without one in time it
 * is answered 503 {@code server-busy}. A body slower than the server's minimum data rate is cut off and
 * answered 408 {@code too-slow}, with nothing kept. The whole request is read as soon as the photo's last byte
 * has arrived, before the use case goes on: what comes after it (the sanitiser waiting for a decoder, storing)
 * may take a while, and a read after such a wait would count it against the client's data rate.
 */
@Implements(Rule.R1)
record SelfieUploads(UploadSelfie selfies, long maxBytes, UploadSlots slots) {

    static final String FIELD = "selfie";
    /** Room for the multipart boundaries and part headers around the photo itself. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(SelfieUploads.class.getName());

    UploadSelfie.Outcome.Uploaded receive(Context ctx, AccountId account, OrderId order) {
        String boundary = MultipartStream.boundary(Json.contentType(ctx))
                .orElseThrow(() -> new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE.detail(
                        "Send the photo as multipart/form-data, in the field '" + FIELD + "'.")));
        if (ctx.req().getContentLengthLong() > maxBytes + MULTIPART_OVERHEAD) {
            throw new ProblemException(tooLarge());
        }
        RequestBody request;
        try {
            request = new RequestBody(MinimumRate.of(ctx, ctx.req().getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<UploadSlots.Slot> turn = slots.take();
        if (turn.isEmpty()) {
            throw refuse(request, UploadSlots.busy());
        }
        try {
            return receive(request, boundary, account, order);
        } finally {
            turn.get().close();
        }
    }

    private UploadSelfie.Outcome.Uploaded receive(
            RequestBody request, String boundary, AccountId account, OrderId order) {
        MultipartStream parts = new MultipartStream(request, boundary);
        UploadSelfie.Outcome outcome = null;
        try {
            MultipartStream.Part part = parts.next()
                    .orElseThrow(() -> refuse(
                            request,
                            Problem.validation(
                                    FIELD, "The upload holds no photo; send it in the field '" + FIELD + "'.")));
            if (!part.name().equals(FIELD) || part.filename().isEmpty()) {
                throw refuse(
                        request,
                        Problem.validation(
                                part.name(),
                                "Unexpected field '" + part.name() + "'; send one photo as a file in the field '"
                                        + FIELD + "'."));
            }
            PhotoThenRest whole = new PhotoThenRest(part.body(), parts, request);
            LimitedInputStream photo = new LimitedInputStream(whole, maxBytes);
            outcome = upload(account, order, photo);
            if (!photo.exceeded() && !request.tooSlow()) {
                // Whatever the use case left unread still counts towards the limit.
                drainWithin(photo);
            }
            if (request.tooSlow()) {
                discard(account, order, outcome);
                throw new ProblemException(Problem.tooSlow());
            }
            if (photo.exceeded()) {
                discard(account, order, outcome);
                throw refuse(request, tooLarge());
            }
            whole.throwIfTheRestFailed();
            UploadSelfie.Outcome.Uploaded uploaded = switch (outcome) {
                case UploadSelfie.Outcome.Uploaded ok -> ok;
                case UploadSelfie.Outcome.Refused refused -> throw refuse(request, Problem.of(refused.why()));
                case UploadSelfie.Outcome.Removed removed ->
                    throw new IllegalStateException("An upload answered 'removed'");
            };
            Optional<MultipartStream.Part> more = whole.rest();
            if (more.isPresent()) {
                discard(account, order, uploaded);
                throw refuse(
                        request,
                        Problem.validation(
                                more.get().name(), "Send one photo per request; this one held more than one part."));
            }
            return uploaded;
        } catch (IOException e) {
            // The body broke off or is not multipart: a selfie taken from it must not stay.
            discard(account, order, outcome);
            if (request.tooSlow()) {
                throw new ProblemException(Problem.tooSlow());
            }
            throw refuse(
                    request,
                    Problem.BAD_REQUEST.detail(
                            "The upload could not be read as multipart/form-data: " + e.getMessage()));
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
                LOG.log(
                        Level.ERROR,
                        "A refused upload's selfie {0} could not be removed: {1}",
                        uploaded.selfie(),
                        removed);
            }
        }
    }

    private Problem tooLarge() {
        return Problem.PAYLOAD_TOO_LARGE.detail("A photo may be at most " + (maxBytes / (1024 * 1024))
                + " MB; nothing was stored. " + "A phone photo saved as JPEG is usually 2 to 6 MB.");
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
            // The client went away (the answer is moot), or sends too slowly: the answer goes out, then the connection
            // closes.
        }
        return new ProblemException(problem);
    }

    /**
     * The request's body as an upload reads it. Once it has ended it stays ended without asking the server again (a
     * read, even at the end, is checked against the minimum data rate, and may come after a long wait for a
     * decoder); a body the server cut off for being too slow reads as {@link MinimumRate.TooSlow} from then on.
     */
    private static final class RequestBody extends ReadFilterStream {
        private boolean ended;
        private boolean tooSlow;

        RequestBody(InputStream in) {
            super(in);
        }

        boolean tooSlow() {
            return tooSlow;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (tooSlow) {
                throw new MinimumRate.TooSlow();
            }
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                int n = super.read(b, off, len);
                ended = n < 0;
                return n;
            } catch (MinimumRate.TooSlow e) {
                tooSlow = true;
                throw e;
            } catch (HttpException.RuntimeException e) {
                // Jetty's refusals of the rest of a body come as unchecked exceptions.
                throw new IOException("The server refused the rest of the body (" + e.getCode() + ")", e);
            }
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /**
     * The photo's part. At its last byte, before it says so, it reads on to the end of the request: the closing
     * boundary (or the headers of a part that should not be there) and a short epilogue, so that nothing of the
     * request is left to read once the use case goes on with the photo.
     */
    private static final class PhotoThenRest extends ReadFilterStream {
        private final MultipartStream parts;
        private final RequestBody request;
        private Optional<MultipartStream.Part> rest;
        private IOException restFailed;

        PhotoThenRest(InputStream photo, MultipartStream parts, RequestBody request) {
            super(photo);
            this.parts = parts;
            this.request = request;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0 && rest == null && restFailed == null) {
                readTheRest();
            }
            return n;
        }

        private void readTheRest() throws IOException {
            try {
                rest = parts.next();
                if (rest.isEmpty()) {
                    request.skip(MULTIPART_OVERHEAD); // the epilogue after the closing boundary, up to the end
                }
            } catch (IOException e) {
                restFailed = e;
                throw e;
            }
        }

        /** If reading what follows the photo failed, that failure. */
        void throwIfTheRestFailed() throws IOException {
            if (restFailed != null) {
                throw restFailed;
            }
        }

        /** The part after the photo, if there is one (read now if the photo was not read to its end). */
        Optional<MultipartStream.Part> rest() throws IOException {
            throwIfTheRestFailed();
            if (rest == null) {
                readTheRest();
            }
            return rest;
        }
    }
}
