package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.contract.ProcessorsContract;

class InMemoryProcessorsTest extends ProcessorsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected Processors processors() {
        return new InMemoryProcessors(db);
    }
}
