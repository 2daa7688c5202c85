package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.contract.SignInChallengesContract;

class InMemorySignInChallengesTest extends SignInChallengesContract {

    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected SignInChallenges challenges() {
        return new InMemorySignInChallenges(db);
    }
}
