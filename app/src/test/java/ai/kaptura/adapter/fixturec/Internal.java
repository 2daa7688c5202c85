package ai.kaptura.adapter.fixturec;

/** Keeps rule e: a package-private internal, with a package-private nested helper. */
final class Internal {

    String work() {
        return new Helper().toString();
    }

    static final class Helper {}
}
