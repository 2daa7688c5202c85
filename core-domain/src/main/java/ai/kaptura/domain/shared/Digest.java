package ai.kaptura.domain.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest, as 64 lower-case hex characters. */
public record Digest(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** The all-zero digest, the "previous hash" of the first entry of a chain. */
    public static final Digest ZERO = new Digest("0".repeat(64));

    public Digest {
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new InvalidInput("A SHA-256 digest is 64 lower-case hex characters");
        }
    }

    public static Digest sha256(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha256Engine().digest(bytes)));
    }

    public static Digest sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh SHA-256 engine, for callers that digest a stream in parts. */
    public static MessageDigest sha256Engine() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }

    public static Digest of(MessageDigest finishedEngine) {
        return new Digest(HexFormat.of().formatHex(finishedEngine.digest()));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
