package ai.kaptura.adapter.astria;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.HeadshotGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque names Kaptura gives Astria (R37). Astria's callbacks are neither signed nor retried, so their
 * authenticity comes from the address alone: {@code {base}/webhooks/generator/{token}}, where the token is
 * base64url of {@code version | purpose | expiry | order | purpose's fields | HMAC-SHA256 of all before}
 * under a key derived from the callback secret. A token serves one purpose (a tune's training, or one
 * prompt of one style), is checked in constant time, and is retired when it expires, {@link #LIFETIME}
 * after it was handed out. It names the order by its random id only, never a person.
 *
 * <p>Tune titles come from the same secret under another key: {@code kaptura-} and 32 hex digits of the
 * HMAC of the idempotency key, so a retry of one order always sends the same title (Astria's idempotency)
 * and the title reveals nothing.
 */
@Implements(Rule.R37)
final class CallbackTokens {

    /** How long a callback address is accepted after it was handed to Astria. */
    static final Duration LIFETIME = Duration.ofHours(72);

    static final String CALLBACK_PATH = HeadshotGenerator.CALLBACK_PATH;

    private static final byte VERSION = 1;
    private static final byte TUNE = 1;
    private static final byte PROMPT = 2;
    private static final int MAC_LENGTH = 32;
    private static final int DIGEST_LENGTH = 16;
    private static final int MAX_TOKEN_CHARS = 400;
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_TOKEN_CHARS + "}");
    private static final Pattern MODEL_ID = Pattern.compile("[1-9][0-9]{0,18}");

    /** What a token vouches for. */
    sealed interface Claim {
        OrderId order();

        Instant expiresAt();
    }

    /** The training of the tune titled (by digest) {@code titleDigest}, for {@code order}. */
    record TuneClaim(OrderId order, byte[] titleDigest, Instant expiresAt) implements Claim {
        TuneClaim {
            if (titleDigest.length != DIGEST_LENGTH) {
                throw new IllegalArgumentException("A title digest has " + DIGEST_LENGTH + " bytes");
            }
            titleDigest = titleDigest.clone();
        }

        @Override
        public byte[] titleDigest() {
            return titleDigest.clone();
        }

        boolean names(String title) {
            return MessageDigest.isEqual(titleDigest, digest(title));
        }
    }

    /** Part {@code part} (of {@code parts}) of the {@code total} images of {@code style} from {@code model}. */
    record PromptClaim(OrderId order, String model, StyleId style, int part, int parts, int total, Instant expiresAt)
            implements Claim {
        PromptClaim {
            if (!MODEL_ID.matcher(model).matches()
                    || parts < 1
                    || parts > 255
                    || part < 0
                    || part >= parts
                    || total < parts
                    || total > 65_535) {
                throw new IllegalArgumentException("Not a prompt claim: model " + model + ", part " + part + " of "
                        + parts + ", " + total + " images");
            }
        }
    }

    private final URI publicBase;
    private final byte[] tokenKey;
    private final byte[] titleKey;

    private CallbackTokens(URI publicBase, byte[] tokenKey, byte[] titleKey) {
        this.publicBase = publicBase;
        this.tokenKey = tokenKey;
        this.titleKey = titleKey;
    }

    static CallbackTokens of(URI publicBaseUrl, byte[] callbackSecret) {
        if (publicBaseUrl == null
                || !publicBaseUrl.isAbsolute()
                || publicBaseUrl.getHost() == null
                || !("https".equals(publicBaseUrl.getScheme()) || "http".equals(publicBaseUrl.getScheme()))
                || publicBaseUrl.getRawUserInfo() != null
                || publicBaseUrl.getRawQuery() != null
                || publicBaseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("KAPTURA_BASE_URL must be the public http(s) address of this Kaptura, "
                    + "without credentials, query or fragment (Astria calls back to {base}" + CALLBACK_PATH + "…)");
        }
        if (callbackSecret == null || callbackSecret.length < 32) {
            throw new IllegalArgumentException("The Astria callback secret must have at least 32 bytes");
        }
        String text = publicBaseUrl.toString();
        URI base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        return new CallbackTokens(
                base,
                hmac(callbackSecret, "kaptura astria callback token v1".getBytes(StandardCharsets.UTF_8)),
                hmac(callbackSecret, "kaptura astria tune title v1".getBytes(StandardCharsets.UTF_8)));
    }

    /** The opaque, stable title of the tune trained under {@code idempotencyKey}. */
    String tuneTitle(String idempotencyKey) {
        byte[] mac = hmac(titleKey, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        return "kaptura-" + HexFormat.of().formatHex(mac, 0, 16);
    }

    /** The callback address for {@code claim}. */
    String callbackUrl(Claim claim) {
        return publicBase + CALLBACK_PATH + mint(claim);
    }

    String mint(Claim claim) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(VERSION);
        out.write(claim instanceof TuneClaim ? TUNE : PROMPT);
        out.writeBytes(ByteBuffer.allocate(Long.BYTES)
                .putLong(claim.expiresAt().getEpochSecond())
                .array());
        UUID order = claim.order().value();
        out.writeBytes(ByteBuffer.allocate(16)
                .putLong(order.getMostSignificantBits())
                .putLong(order.getLeastSignificantBits())
                .array());
        switch (claim) {
            case TuneClaim tune -> out.writeBytes(tune.titleDigest());
            case PromptClaim prompt -> {
                writeShort(out, prompt.model());
                writeShort(out, prompt.style().value());
                out.write(prompt.part());
                out.write(prompt.parts());
                out.write(prompt.total() >>> 8);
                out.write(prompt.total() & 0xff);
            }
        }
        byte[] payload = out.toByteArray();
        out.writeBytes(hmac(tokenKey, payload));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * The claim {@code token} carries, if this Kaptura signed it — whether or not it has expired (the caller
     * decides what expiry means). Never throws.
     */
    Optional<Claim> verify(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (raw.length <= MAC_LENGTH + 2 + Long.BYTES + 16) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_LENGTH, raw.length);
        if (!MessageDigest.isEqual(mac, hmac(tokenKey, payload))) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(ByteBuffer.wrap(payload)));
        } catch (RuntimeException malformedButSigned) {
            return Optional.empty();
        }
    }

    /** The token at the end of a callback address Astria echoes back (a prompt's {@code callback}). */
    Optional<Claim> fromCallbackUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        int at = url.lastIndexOf(CALLBACK_PATH);
        if (at < 0) {
            return Optional.empty();
        }
        String token = url.substring(at + CALLBACK_PATH.length());
        int end = token.indexOf('?');
        return verify(end < 0 ? token : token.substring(0, end));
    }

    static byte[] digest(String title) {
        try {
            return Arrays.copyOf(
                    MessageDigest.getInstance("SHA-256").digest(title.getBytes(StandardCharsets.UTF_8)), DIGEST_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }

    private static Claim parse(ByteBuffer in) {
        if (in.get() != VERSION) {
            throw new IllegalArgumentException("unknown version");
        }
        byte purpose = in.get();
        Instant expiresAt = Instant.ofEpochSecond(in.getLong());
        OrderId order = new OrderId(new UUID(in.getLong(), in.getLong()));
        Claim claim = switch (purpose) {
            case TUNE -> {
                byte[] digest = new byte[DIGEST_LENGTH];
                in.get(digest);
                yield new TuneClaim(order, digest, expiresAt);
            }
            case PROMPT -> {
                String model = readShort(in);
                StyleId style = new StyleId(readShort(in));
                int part = in.get() & 0xff;
                int parts = in.get() & 0xff;
                int total = (in.get() & 0xff) << 8 | in.get() & 0xff;
                yield new PromptClaim(order, model, style, part, parts, total, expiresAt);
            }
            default -> throw new IllegalArgumentException("unknown purpose");
        };
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes");
        }
        return claim;
    }

    private static void writeShort(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("Too long for a callback token: " + bytes.length + " characters");
        }
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readShort(ByteBuffer in) {
        byte[] bytes = new byte[in.get() & 0xff];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK provides HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "CallbackTokens[" + Objects.toString(publicBase) + CALLBACK_PATH + "…]";
    }
}
