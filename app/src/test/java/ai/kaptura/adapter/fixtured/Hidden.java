package ai.kaptura.adapter.fixtured;

/** With {@link Entry}, violates rule e: a package-private class whose nested class is public. */
final class Hidden {

    public static final class Leaked {}
}
