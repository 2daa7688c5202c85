package ai.kaptura.adapter.fixturea;

/** With {@link PublicTwo}, violates rule e: an adapter with two public entries. */
public final class PublicOne {}
