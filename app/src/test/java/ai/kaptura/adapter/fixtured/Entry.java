package ai.kaptura.adapter.fixtured;

/** Adapter "fixtured"'s one public top-level class; the violation is in {@link Hidden}. */
public final class Entry {}
