package ai.kaptura.adapter.fixtureb;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.archfixture.PortShapes;

/** Adapter "fixtureb"'s public entry; depends on domain and ports only, as an adapter may. */
public final class Something {

    OrderId order;
    PortShapes port;
}
