package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.contract.OrdersContract;

class InMemoryOrdersTest extends OrdersContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected Orders orders() {
        return new InMemoryOrders(db);
    }
}
