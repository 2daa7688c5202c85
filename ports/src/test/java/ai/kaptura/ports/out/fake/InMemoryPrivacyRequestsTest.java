package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.contract.PrivacyRequestsContract;

class InMemoryPrivacyRequestsTest extends PrivacyRequestsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected PrivacyRequests privacyRequests() {
        return new InMemoryPrivacyRequests(db);
    }
}
