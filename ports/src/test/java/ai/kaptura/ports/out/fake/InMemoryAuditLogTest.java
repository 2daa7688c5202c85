package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.contract.AuditLogContract;

class InMemoryAuditLogTest extends AuditLogContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected AuditLog auditLog() {
        return new InMemoryAuditLog(db);
    }
}
