package ai.kaptura.adapter.fixturec;

/**
 * Keeps rule e: the one public entry of adapter "fixturec", with a public record of its own settings declared inside
 * it; everything else is package-private.
 */
public final class Entry {

    /** Part of the entry's signature, so public too. */
    public record Settings(int size) {}

    private final Internal internal = new Internal();

    public String run() {
        return internal.work();
    }
}
