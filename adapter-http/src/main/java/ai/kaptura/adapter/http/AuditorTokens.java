package ai.kaptura.adapter.http;

import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * The auditors' bearer tokens, kept only as SHA-256 hashes; a presented token is hashed and compared in
 * constant time with each.
 */
final class AuditorTokens {

    /** Shorter tokens are too easy to guess to guard the audit trail. */
    static final int MIN_LENGTH = 24;

    private final List<byte[]> hashes;

    AuditorTokens(Set<String> tokens) {
        for (String token : tokens) {
            if (token == null || token.strip().length() < MIN_LENGTH) {
                throw new IllegalArgumentException("KAPTURA_AUDITOR_TOKENS: every auditor token must have at least "
                        + MIN_LENGTH + " characters");
            }
        }
        this.hashes = tokens.stream().map(t -> Cookies.sha256(t.strip())).toList();
    }

    boolean accepts(String presented) {
        byte[] hash = Cookies.sha256(presented);
        boolean found = false;
        for (byte[] known : hashes) {
            found |= MessageDigest.isEqual(known, hash);
        }
        return found;
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.strip();
        if (trimmed.length() > 7 && trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return trimmed.substring(7).strip();
        }
        return null;
    }
}
