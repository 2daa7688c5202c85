package ai.kaptura.adapter.fixturea;

import ai.kaptura.app.archfixture.Wiring;

/** Violates rules d and g: an adapter depending on the wiring module. */
final class UsesAppWiring {

    Wiring wiring;
}
