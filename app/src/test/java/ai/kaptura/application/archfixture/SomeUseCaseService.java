package ai.kaptura.application.archfixture;

/** A use-case service in the application's namespace: the target a misbehaving port depends on. */
public final class SomeUseCaseService {}
