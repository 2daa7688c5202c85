package ai.kaptura.domain.retention;

import ai.kaptura.domain.shared.Checks;
import java.util.Objects;

/**
 * A place personal data can be held: our database, our photo vault, or a processor by its registry
 * name. Erasure needs evidence from each (R27).
 */
public record Location(Kind kind, String name) {

    public enum Kind {
        DATABASE,
        PHOTO_VAULT,
        PROCESSOR
    }

    public static final Location DATABASE = new Location(Kind.DATABASE, "kaptura-database");
    public static final Location PHOTO_VAULT = new Location(Kind.PHOTO_VAULT, "kaptura-photo-vault");

    public Location {
        Objects.requireNonNull(kind, "kind");
        Checks.text(name, "location name", 80);
    }

    public static Location processor(String registryName) {
        return new Location(Kind.PROCESSOR, registryName);
    }

    @Override
    public String toString() {
        return name;
    }
}
