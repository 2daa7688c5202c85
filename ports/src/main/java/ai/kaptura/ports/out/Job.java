package ai.kaptura.ports.out;

import java.time.Instant;
import java.util.Objects;

/**
 * A unit of durable work. {@code key} makes it idempotent: enqueueing the same kind and key twice
 * schedules it once. The payload is opaque ids only (R37).
 */
public record Job(JobKind kind, String key, String payload, Instant runAt) {
    public Job {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(runAt, "run at");
        if (key.isBlank() || key.length() > 200 || payload.length() > 4_000 || payload.contains("@")) {
            throw new IllegalArgumentException("A job has a key of 1-200 characters and a short payload of opaque ids");
        }
    }
}
