package ai.kaptura.app;

import ai.kaptura.adapter.astria.AstriaAdapter;
import ai.kaptura.domain.account.EmailAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Kaptura's environment variables, each into its type (a path, a number in a range, a duration, an address, one of
 * a few words), collecting every problem, each naming its variable and never the value of a secret; {@link #done}
 * reports them all at once.
 */
final class EnvironmentReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvironmentReader(Map<String, String> env) {
        this.env = env;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void done() {
        if (!problems.isEmpty()) {
            throw new Configuration.Invalid(problems);
        }
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    String text(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    Optional<EmailAddress> email(String name) {
        Optional<String> value = optional(name);
        try {
            return value.map(EmailAddress::of);
        } catch (RuntimeException e) {
            problems.add(name + " must be one email address, such as privacy-alarms@example.org");
            return Optional.empty();
        }
    }

    Path path(String name, Path fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Path.of(value.get());
        } catch (InvalidPathException e) {
            problems.add(name + " is not a usable path: " + e.getMessage());
            return fallback;
        }
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> value = optional(name).map(s -> s.toLowerCase(Locale.ROOT));
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> {
                problems.add(name + " must be true or false");
                yield fallback;
            }
        };
    }

    int integer(String name, int fallback, int min, int max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                problems.add(name + " must be between " + min + " and " + max);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number between " + min + " and " + max);
            return fallback;
        }
    }

    String choice(String name, String fallback, String... allowed) {
        String value = optional(name).map(s -> s.toLowerCase(Locale.ROOT)).orElse(fallback);
        if (!Set.of(allowed).contains(value)) {
            problems.add(name + " must be one of " + String.join(", ", allowed) + " (got '" + value + "')");
            return fallback;
        }
        return value;
    }

    /** One of {@code E}'s constants, written as {@link #word} writes it (such as {@code sandbox}). */
    <E extends Enum<E>> E choice(String name, E fallback) {
        E[] constants = fallback.getDeclaringClass().getEnumConstants();
        String[] allowed = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            allowed[i] = word(constants[i]);
        }
        String value = choice(name, word(fallback), allowed);
        return Enum.valueOf(fallback.getDeclaringClass(), value.toUpperCase(Locale.ROOT));
    }

    /** How a variable writes {@code constant}: its name in lower case. */
    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    URI url(String name, String fallback) {
        String value = optional(name).orElse(fallback);
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(name + " must be an http:// or https:// address");
                return URI.create(fallback);
            }
            String s = uri.toString();
            return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (URISyntaxException e) {
            problems.add(name + " is not a valid address");
            return URI.create(fallback);
        }
    }

    /** Host names Astria's images may come from; the adapter owns their syntax and its defaults. */
    List<String> astriaImageHosts(String name) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return AstriaAdapter.DEFAULT_IMAGE_HOSTS;
        }
        try {
            return AstriaAdapter.imageHosts(value.get());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return AstriaAdapter.DEFAULT_IMAGE_HOSTS;
        }
    }

    /** A duration from {@code min} to {@code max}, such as 30s, 2m or a number of seconds. */
    Duration duration(String name, Duration fallback, Duration min, Duration max) {
        Duration d = duration(name, fallback);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(name + " must be from " + human(min) + " to " + human(max)
                    + " (such as 30s, 2m or a number of seconds)");
            return fallback;
        }
        return d;
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** A number of bytes from {@code min} to {@code max}: digits, with k, m or g for KiB, MiB or GiB (such as 8k, 1g). */
    long bytes(String name, long fallback, long min, long max) {
        Optional<String> value = optional(name).map(s -> s.toLowerCase(Locale.ROOT));
        if (value.isEmpty()) {
            return fallback;
        }
        Matcher m = Pattern.compile("(\\d{1,15})([kmg]?)i?b?").matcher(value.get());
        if (!m.matches()) {
            problems.add(name + " must be a number of bytes, such as 8192, 8k, 512m or 1g");
            return fallback;
        }
        long unit = switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1;
        };
        long n = Long.parseLong(m.group(1)) > max / unit ? Long.MAX_VALUE : Long.parseLong(m.group(1)) * unit;
        if (n < min || n > max) {
            problems.add(name + " must be from " + min + " to " + max + " bytes");
            return fallback;
        }
        return n;
    }

    Duration duration(String name, Duration fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            Duration d = value.get().matches("\\d+")
                    ? Duration.ofSeconds(Long.parseLong(value.get()))
                    : Duration.parse(
                            value.get().toUpperCase(Locale.ROOT).startsWith("P") ? value.get() : "PT" + value.get());
            if (d.isNegative()) {
                problems.add(name + " cannot be negative");
                return fallback;
            }
            return d;
        } catch (RuntimeException e) {
            problems.add(name + " must be a duration such as 3s, 2m or a number of seconds");
            return fallback;
        }
    }
}
