package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.contract.MailHoldsContract;

class InMemoryMailHoldsTest extends MailHoldsContract {

    @Override
    protected MailHolds holds() {
        return new InMemoryMailHolds();
    }
}
