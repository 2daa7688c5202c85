package ai.kaptura.adapter.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sandbox's one signature scheme, in Stripe's shape so both stand-ins exercise the same path as the
 * real processor: the header {@value #HEADER} carries {@code t=<unix seconds>,v1=<hex HMAC-SHA256(key,
 * t + "." + content)>}. A signature is valid for {@link #TOLERANCE} either side of the verifier's clock,
 * so a delivery replayed later is refused. Signatures are compared in constant time.
 *
 * <p>Verification never throws: it answers what is wrong, in words, or nothing when all is well.
 */
final class Signatures {

    static final String HEADER = "Kaptura-Sandbox-Signature";
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_HEADER_CHARS = 4 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {}

    /** The header value for {@code content} signed with {@code key} at {@code at}. */
    static String header(byte[] key, Instant at, byte[] content) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HEX.formatHex(mac(key, t, content));
    }

    /**
     * What is wrong with the signature of {@code content} in {@code headers} (the header's name in any
     * case), judged at {@code now}; empty when one {@code v1} signature matches and it is fresh.
     */
    static Optional<String> problem(Map<String, List<String>> headers, byte[] key, byte[] content, Instant now) {
        List<String> values = values(headers, HEADER);
        if (values.isEmpty()) {
            return Optional.of("It carries no " + HEADER + " header");
        }
        Long t = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String value : values) {
            if (value.length() > MAX_HEADER_CHARS) {
                return Optional.of("Its " + HEADER + " header is too long");
            }
            for (String element : value.split(",")) {
                String[] kv = element.strip().split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                if (kv[0].equals("t")) {
                    if (!SECONDS.matcher(kv[1]).matches()) {
                        return Optional.of("Its signature timestamp is not a number of seconds");
                    }
                    long parsed = Long.parseLong(kv[1]);
                    if (t != null && t != parsed) {
                        return Optional.of("Its signature header names two timestamps");
                    }
                    t = parsed;
                } else if (kv[0].equals("v1") && HEX_SHA256.matcher(kv[1]).matches()) {
                    candidates.add(HEX.parseHex(kv[1]));
                }
            }
        }
        if (t == null) {
            return Optional.of("Its signature header has no timestamp");
        }
        if (candidates.isEmpty()) {
            return Optional.of("Its signature header has no signature with the expected scheme (v1)");
        }
        long nowSeconds = now.getEpochSecond();
        long tolerance = TOLERANCE.toSeconds();
        if (t < nowSeconds - tolerance || t > nowSeconds + tolerance) {
            return Optional.of("It was signed at " + Instant.ofEpochSecond(t) + ", outside the tolerance of "
                    + TOLERANCE.toMinutes() + " minutes: a replay, or a wrong clock");
        }
        byte[] expected = mac(key, t, content);
        boolean matches = false;
        for (byte[] candidate : candidates) {
            matches |= MessageDigest.isEqual(expected, candidate);
        }
        return matches ? Optional.empty() : Optional.of("Its signature does not match its content");
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK provides HmacSHA256", e);
        }
    }

    /** A key for one purpose, derived from the configured secret, so one secret never signs two kinds of thing. */
    static byte[] derive(byte[] secret, String purpose) {
        return hmac(secret, purpose.getBytes(StandardCharsets.UTF_8));
    }

    /** The values of the header {@code name}, matched without regard to case; empty for no headers. */
    static List<String> values(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                header.getValue().stream().filter(Objects::nonNull).forEach(values::add);
            }
        }
        return values;
    }

    /** {@code a} followed by {@code b}. */
    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] mac(byte[] key, long t, byte[] content) {
        return hmac(key, concat((t + ".").getBytes(StandardCharsets.UTF_8), content));
    }
}
