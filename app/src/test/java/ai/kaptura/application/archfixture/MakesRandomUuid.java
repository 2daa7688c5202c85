package ai.kaptura.application.archfixture;

import java.util.UUID;

/** Violates rule b: an application service minting its own ids. */
public final class MakesRandomUuid {

    UUID newId() {
        return UUID.randomUUID();
    }
}
