package ai.kaptura.adapter.fixturea;

import ai.kaptura.adapter.fixtureb.Something;

/** Violates rule d: adapter "fixturea" depending on adapter "fixtureb". */
final class UsesOtherAdapter {

    Something other;
}
