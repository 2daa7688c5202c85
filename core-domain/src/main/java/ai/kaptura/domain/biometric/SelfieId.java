package ai.kaptura.domain.biometric;

import java.util.Objects;
import java.util.UUID;

public record SelfieId(UUID value) {
    public SelfieId {
        Objects.requireNonNull(value, "selfie id");
    }

    public static SelfieId parse(String text) {
        return new SelfieId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
