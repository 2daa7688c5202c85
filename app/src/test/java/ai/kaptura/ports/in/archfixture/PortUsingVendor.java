package ai.kaptura.ports.in.archfixture;

import org.jooq.archfixture.FakeJooq;

/** Violates rule d: a port leaking a persistence library type. */
public interface PortUsingVendor {

    FakeJooq query();
}
