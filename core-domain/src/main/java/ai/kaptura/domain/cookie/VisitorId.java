package ai.kaptura.domain.cookie;

import java.util.Objects;
import java.util.UUID;

/** A random id for a browser, kept in an essential cookie only to remember its cookie choice. */
public record VisitorId(UUID value) {
    public VisitorId {
        Objects.requireNonNull(value, "visitor id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
