package ai.kaptura.ports.out;

/** Secure randomness for codes and tokens, passed in so tests can make it predictable. */
public interface Randomness {

    /** A string of {@code count} decimal digits, uniformly random. */
    String digits(int count);

    /** A URL-safe token carrying {@code bytes} random bytes. */
    String token(int bytes);
}
