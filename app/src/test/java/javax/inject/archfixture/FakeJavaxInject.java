package javax.inject.archfixture;

/** Architecture-test stand-in for a vendor library class: app's test classpath has no vendor jars. */
public final class FakeJavaxInject {}
