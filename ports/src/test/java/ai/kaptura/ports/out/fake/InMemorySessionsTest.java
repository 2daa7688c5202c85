package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.contract.SessionsContract;

class InMemorySessionsTest extends SessionsContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected Sessions sessions() {
        return new InMemorySessions(db);
    }
}
