package ai.kaptura.ports.out.archfixture;

/** Violates rule c: a plain class among the ports. */
public final class PlainClassInPorts {}
