package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.contract.AuditAnchorsContract;

class InMemoryAuditAnchorsTest extends AuditAnchorsContract {

    @Override
    protected AuditAnchors anchors() {
        return new InMemoryAuditAnchors();
    }
}
