package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.contract.PolicyVersionsContract;

class InMemoryPolicyVersionsTest extends PolicyVersionsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected PolicyVersions policyVersions() {
        return new InMemoryPolicyVersions(db);
    }
}
