package ai.kaptura.ports.in.archfixture;

import ai.kaptura.application.archfixture.SomeUseCaseService;

/** Violates rule d: a port that knows the application behind it. */
public interface PortUsingApplication {

    SomeUseCaseService service();
}
