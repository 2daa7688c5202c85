package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Randomness;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Random;

/**
 * Deterministic {@link Randomness}: the same seed gives the same digits and tokens in the same order.
 * A test may also queue the exact next answers with {@link #nextDigits} and {@link #nextToken}.
 * Thread-safe. Never for production: nothing here is secure.
 */
public final class SeededRandomness implements Randomness {

    public static final long DEFAULT_SEED = 42L;

    private final Random random;
    private final Deque<String> queuedDigits = new ArrayDeque<>();
    private final Deque<String> queuedTokens = new ArrayDeque<>();

    public SeededRandomness() {
        this(DEFAULT_SEED);
    }

    public SeededRandomness(long seed) {
        this.random = new Random(seed);
    }

    /** Makes the next {@link #digits} call answer exactly {@code digits} (which must have the asked length). */
    public synchronized SeededRandomness nextDigits(String digits) {
        if (digits == null || !digits.matches("\\d+")) {
            throw new IllegalArgumentException("Queued digits are decimal digits only");
        }
        queuedDigits.addLast(digits);
        return this;
    }

    /** Makes the next {@link #token} call answer exactly {@code token}. */
    public synchronized SeededRandomness nextToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("A queued token is URL-safe: letters, digits, '-' and '_'");
        }
        queuedTokens.addLast(token);
        return this;
    }

    @Override
    public synchronized String digits(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Ask for at least one digit");
        }
        if (!queuedDigits.isEmpty()) {
            String queued = queuedDigits.removeFirst();
            if (queued.length() != count) {
                throw new IllegalStateException(
                        "Queued digits '" + queued + "' do not have the " + count + " digits asked for");
            }
            return queued;
        }
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /** URL-safe Base64 without padding of {@code bytes} pseudo-random bytes (43 characters for 32 bytes). */
    @Override
    public synchronized String token(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("Ask for at least one byte");
        }
        if (!queuedTokens.isEmpty()) {
            return queuedTokens.removeFirst();
        }
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
