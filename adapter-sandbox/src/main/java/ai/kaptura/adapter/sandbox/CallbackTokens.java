package ai.kaptura.adapter.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque token of a model's callback address ({@code {base}/webhooks/generator/{token}}): a random
 * nonce and an HMAC-SHA256 tag of it under a key of its own, {@code <22 chars>.<22 chars>} in base64url.
 * It says nothing about the order or the person (R37), serves one purpose only (the callbacks of one
 * model), and a forged one is told apart in constant time without any look-up. It is retired with its model.
 */
final class CallbackTokens {

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{22})");
    private static final int NONCE_BYTES = 16;
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final SecureRandom random;

    CallbackTokens(byte[] key, SecureRandom random) {
        this.key = key.clone();
        this.random = random;
    }

    String newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return ENCODER.encodeToString(nonce);
    }

    String tokenFor(String nonce) {
        return nonce + "." + tag(nonce);
    }

    /** The nonce of a token this sandbox minted, or empty for anything else. */
    Optional<String> nonceOf(String token) {
        if (token == null || token.length() != 45) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] expected = tag(m.group(1)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = m.group(2).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(m.group(1)) : Optional.empty();
    }

    private String tag(String nonce) {
        byte[] mac = Signatures.hmac(key, ("generator-callback:" + nonce).getBytes(StandardCharsets.US_ASCII));
        return ENCODER.encodeToString(Arrays.copyOf(mac, TAG_BYTES));
    }
}
