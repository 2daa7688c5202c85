package ai.kaptura.adapter.fixtureb.internal;

/**
 * With {@link ai.kaptura.adapter.fixtureb.Something}, violates rule e: a sub-package is still the same
 * adapter, so this is a second public class of adapter "fixtureb".
 */
public final class AlsoPublic {}
