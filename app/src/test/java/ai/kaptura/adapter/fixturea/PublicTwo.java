package ai.kaptura.adapter.fixturea;

/** With {@link PublicOne}, violates rule e: an adapter with two public entries. */
public final class PublicTwo {}
