package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.SandboxRecords;
import ai.kaptura.ports.out.contract.SandboxRecordsContract;

class InMemorySandboxRecordsTest extends SandboxRecordsContract {

    @Override
    protected SandboxRecords records() {
        return new InMemorySandboxRecords();
    }
}
