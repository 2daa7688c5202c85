package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.ProcessedEvents;
import ai.kaptura.ports.out.contract.ProcessedEventsContract;

class InMemoryProcessedEventsTest extends ProcessedEventsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected ProcessedEvents processedEvents() {
        return new InMemoryProcessedEvents(db);
    }
}
