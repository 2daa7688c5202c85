package ai.kaptura.adapter.fixturea;

import ai.kaptura.application.archfixture.SomeUseCaseService;

/** Violates rule d: an adapter depending on the application instead of a port. */
final class UsesApplication {

    SomeUseCaseService service;
}
