package ai.kaptura.adapter.email;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;

/**
 * What a provider sees of a message's idempotency key: its SHA-256 in hex. The key itself names our
 * internal ids (a sign-in challenge, an order, a request); its digest is just as stable, so a retry is
 * still recognised, but opaque and single-purpose (R37). It also always fits Resend's limit of 256
 * printable characters, whatever the key.
 */
@Implements(Rule.R37)
final class IdempotencyKeys {

    private IdempotencyKeys() {}

    /** 64 lower-case hex digits, the same for the same key. */
    static String opaque(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("A mail needs an idempotency key");
        }
        return Digest.sha256(idempotencyKey).hex();
    }
}
