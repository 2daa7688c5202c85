package ai.kaptura.domain.headshot;

import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A generated headshot, copied into our own vault (the vendor's copy is temporary) with the SHA-256
 * of the stored file (R15). It cannot exist without its AI marker (R43).
 */
@Implements({Rule.R15, Rule.R43})
public record Headshot(HeadshotId id, StyleId style, PhotoRef photo, Digest sha256, AiMarker marker, Instant storedAt) {
    public Headshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(marker, "AI marker (R43)");
        Objects.requireNonNull(storedAt, "stored at");
    }
}
