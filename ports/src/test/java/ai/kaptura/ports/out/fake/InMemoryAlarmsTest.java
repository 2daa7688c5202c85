package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Alarms;
import ai.kaptura.ports.out.contract.AlarmsContract;

class InMemoryAlarmsTest extends AlarmsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected Alarms alarms() {
        return new InMemoryAlarms(db);
    }
}
