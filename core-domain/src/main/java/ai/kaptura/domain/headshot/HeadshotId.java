package ai.kaptura.domain.headshot;

import java.util.Objects;
import java.util.UUID;

public record HeadshotId(UUID value) {
    public HeadshotId {
        Objects.requireNonNull(value, "headshot id");
    }

    public static HeadshotId parse(String text) {
        return new HeadshotId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
