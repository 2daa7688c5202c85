package ai.kaptura.domain.archfixture;

import ai.kaptura.app.archfixture.Wiring;

/** Violates rule g: a non-app class depending on the wiring module. */
public final class UsesAppWiring {

    Wiring wiring;
}
