package ai.kaptura.ports.out.archfixture;

/** Violates rule c: an abstract base class among the ports. */
public abstract class AbstractClassInPorts {

    public abstract void send();
}
