package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.contract.AccountsContract;

class InMemoryAccountsTest extends AccountsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected Accounts accounts() {
        return new InMemoryAccounts(db);
    }
}
