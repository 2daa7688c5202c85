package ai.kaptura.app;

import ai.kaptura.ports.out.Randomness;
import java.security.SecureRandom;
import java.util.Base64;

/** Codes and tokens from the operating system's secure random source. */
final class SystemRandomness implements Randomness {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String digits(int count) {
        if (count < 1 || count > 64) {
            throw new IllegalArgumentException("A code has between 1 and 64 digits, not " + count);
        }
        StringBuilder code = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    @Override
    public String token(int bytes) {
        if (bytes < 1 || bytes > 1024) {
            throw new IllegalArgumentException("A token carries between 1 and 1024 bytes, not " + bytes);
        }
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
