package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.contract.ConsentLedgerContract;

class InMemoryConsentLedgerTest extends ConsentLedgerContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected ConsentLedger ledger() {
        return new InMemoryConsentLedger(db);
    }
}
