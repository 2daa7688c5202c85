package ai.kaptura.ports.out.archfixture;

/** Violates rule c: an interface that is fine, hiding a nested plain class that is not. */
public interface PortWithNestedClass {

    Helper helper();

    final class Helper {}
}
