package ai.kaptura.adapter.fixturec;

/** Keeps rule e: the one public entry of adapter "fixturec"; everything else is package-private. */
public final class Entry {

    private final Internal internal = new Internal();

    public String run() {
        return internal.work();
    }
}
