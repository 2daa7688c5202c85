package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.contract.DataKeysContract;

class InMemoryDataKeysTest extends DataKeysContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected DataKeys dataKeys() {
        return new InMemoryDataKeys(db);
    }
}
