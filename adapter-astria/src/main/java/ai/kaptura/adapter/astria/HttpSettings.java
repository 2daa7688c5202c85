package ai.kaptura.adapter.astria;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** How the adapter talks to Astria: where, with which key, how patiently. */
record HttpSettings(
        URI apiBase,
        String apiKey,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff) {

    /**
     * Checks every setting, naming the variable of a wrong one; keeps the base without a trailing slash ({@link
     * AstriaAdapter#DEFAULT_API_BASE} when none is given) and the key without surrounding space.
     */
    HttpSettings {
        URI base = apiBase == null ? AstriaAdapter.DEFAULT_API_BASE : apiBase;
        if (!base.isAbsolute()
                || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))
                || base.getHost() == null
                || base.getRawUserInfo() != null
                || base.getRawQuery() != null
                || base.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "ASTRIA_BASE_URL must be an http(s) address without credentials, query or fragment, " + "such as "
                            + AstriaAdapter.DEFAULT_API_BASE);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("ASTRIA_API_KEY is required for the Astria generator");
        }
        if (!apiKey.strip().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("ASTRIA_API_KEY must be printable ASCII without spaces");
        }
        positive(connectTimeout, "the connect timeout");
        positive(readTimeout, "the read timeout");
        positive(firstBackoff, "the first backoff");
        positive(maxBackoff, "the maximum backoff");
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("Between 1 and 20 attempts per Astria call, not " + maxAttempts);
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("The maximum backoff must not be shorter than the first backoff");
        }
        String text = base.toString();
        apiBase = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        apiKey = apiKey.strip();
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** Never the key: this record may end up in a message. */
    @Override
    public String toString() {
        return "HttpSettings[" + apiBase + ", connect " + connectTimeout + ", read " + readTimeout + ", " + maxAttempts
                + " attempts, backoff " + firstBackoff + ".." + maxBackoff + "]";
    }
}
