package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.CookieChoices;
import ai.kaptura.ports.out.contract.CookieChoicesContract;

class InMemoryCookieChoicesTest extends CookieChoicesContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected CookieChoices cookieChoices() {
        return new InMemoryCookieChoices(db);
    }
}
