package ai.kaptura.domain.privacy;

import java.util.Objects;
import java.util.UUID;

public record PrivacyRequestId(UUID value) {
    public PrivacyRequestId {
        Objects.requireNonNull(value, "privacy request id");
    }

    public static PrivacyRequestId parse(String text) {
        return new PrivacyRequestId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
