package ai.kaptura.domain.consent;

import java.util.Objects;
import java.util.UUID;

public record ConsentRecordId(UUID value) {
    public ConsentRecordId {
        Objects.requireNonNull(value, "consent record id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
