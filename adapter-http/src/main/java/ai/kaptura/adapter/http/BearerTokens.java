package ai.kaptura.adapter.http;

import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * The bearer tokens that open one part of the API (the auditors' {@code /api/audit/...}, the operations'
 * {@code /metrics}), kept only as SHA-256 hashes; a presented token is hashed and compared in constant time with
 * each. No token at all closes that part.
 */
final class BearerTokens {

    /** Shorter tokens are too easy to guess to guard the audit trail or the operations data. */
    static final int MIN_LENGTH = 24;

    private final List<byte[]> hashes;

    /** @param setting the variable the tokens come from, named when one is too short */
    BearerTokens(Set<String> tokens, String setting) {
        for (String token : tokens) {
            if (token == null || token.strip().length() < MIN_LENGTH) {
                throw new IllegalArgumentException(
                        setting + ": every token must have at least " + MIN_LENGTH + " characters");
            }
        }
        this.hashes = tokens.stream().map(t -> Cookies.sha256(t.strip())).toList();
    }

    boolean isEmpty() {
        return hashes.isEmpty();
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
