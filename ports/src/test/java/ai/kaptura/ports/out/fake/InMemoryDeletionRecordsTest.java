package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.DeletionRecords;
import ai.kaptura.ports.out.contract.DeletionRecordsContract;

class InMemoryDeletionRecordsTest extends DeletionRecordsContract {

    @Override
    protected DeletionRecords records() {
        return InMemoryStores.create().deletionRecords();
    }
}
