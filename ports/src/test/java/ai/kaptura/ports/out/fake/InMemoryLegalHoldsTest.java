package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.contract.LegalHoldsContract;

class InMemoryLegalHoldsTest extends LegalHoldsContract {

    @Override
    protected LegalHolds holds() {
        return new InMemoryLegalHolds();
    }
}
