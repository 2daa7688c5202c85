package ai.kaptura.app;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kaptura's settings, read from environment variables, each with a safe default for the embedded mode.
 * Every problem is reported with the name of the variable that causes it, all at once.
 *
 * @param dataDir          {@code KAPTURA_DATA_DIR}, default {@code ./data}
 * @param databaseUrl      {@code KAPTURA_DATABASE_URL}: unset means the embedded H2 database under the data dir
 * @param databaseUser     {@code KAPTURA_DATABASE_USER}
 * @param databasePassword {@code KAPTURA_DATABASE_PASSWORD}
 */
record Configuration(Path dataDir, Optional<String> databaseUrl, Optional<String> databaseUser, Optional<String> databasePassword) {

    /** Settings that are wrong, each naming its variable. */
    static final class Invalid extends RuntimeException {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super("Kaptura cannot start:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    static Configuration from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Path dataDir = Path.of("data");
        String dir = env.get("KAPTURA_DATA_DIR");
        if (dir != null && !dir.isBlank()) {
            try {
                dataDir = Path.of(dir.strip());
            } catch (InvalidPathException e) {
                problems.add("KAPTURA_DATA_DIR is not a usable path: " + e.getMessage());
            }
        }
        Optional<String> url = Optional.ofNullable(env.get("KAPTURA_DATABASE_URL")).map(String::strip).filter(s -> !s.isEmpty());
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql://")) {
            problems.add("KAPTURA_DATABASE_URL must be a jdbc:postgresql://host:port/database URL, or unset for the embedded"
                    + " database (got something else)");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new Configuration(dataDir, url, Optional.ofNullable(env.get("KAPTURA_DATABASE_USER")),
                Optional.ofNullable(env.get("KAPTURA_DATABASE_PASSWORD")));
    }
}
