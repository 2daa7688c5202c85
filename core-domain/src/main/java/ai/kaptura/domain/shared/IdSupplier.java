package ai.kaptura.domain.shared;

import java.util.UUID;

/** Where new ids come from; the domain never makes its own, so tests can name them. */
@FunctionalInterface
public interface IdSupplier {
    UUID next();
}
