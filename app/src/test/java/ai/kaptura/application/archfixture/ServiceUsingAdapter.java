package ai.kaptura.application.archfixture;

import ai.kaptura.adapter.fixtureb.Something;
import org.jooq.archfixture.FakeJooq;

/** Violates rule d: the application reaching into an adapter and a persistence library. */
public final class ServiceUsingAdapter {

    Something adapter;
    FakeJooq jooq;
}
