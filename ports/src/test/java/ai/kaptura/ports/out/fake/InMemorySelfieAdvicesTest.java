package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.SelfieAdvices;
import ai.kaptura.ports.out.contract.SelfieAdvicesContract;

class InMemorySelfieAdvicesTest extends SelfieAdvicesContract {

    private final InMemoryDatabase db = new InMemoryDatabase();
    private final InMemorySelfieAdvices advices = new InMemorySelfieAdvices();

    @Override
    protected Orders orders() {
        return new InMemoryOrders(db);
    }

    @Override
    protected SelfieAdvices advices() {
        return advices;
    }
}
