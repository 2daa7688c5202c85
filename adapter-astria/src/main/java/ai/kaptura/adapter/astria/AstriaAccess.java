package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every part of the Astria generator works with: Astria's API, the record of what Kaptura made there, the look-ups
 * for creations whose answer was lost, the callback tokens, the settings, the image addresses given, and the clock.
 * Its helpers are the steps those parts share: reading a recorded prompt, knowing a prompt by its signed address, and
 * waiting between look-ups.
 */
record AstriaAccess(
        AstriaApi api,
        HttpSettings http,
        ModelSettings settings,
        CallbackTokens tokens,
        AstriaRecords records,
        AstriaLookUps lookUps,
        GivenImages given,
        InstantSource clock,
        Backoff.Sleeper sleeper) {

    /** The one logger of the generator's parts, named as it always was. */
    static final System.Logger LOG = System.getLogger(AstriaGenerator.class.getName());

    /** A class word such as person, man or woman: what a tune is trained as, and what a prompt names. */
    static final Pattern CLASS_WORD = Pattern.compile("[a-z]{2,20}");

    /** Astria's tune ids are positive integers; anything else never reaches a URL. */
    static String tuneId(ModelRef model) {
        Objects.requireNonNull(model, "model");
        if (!AstriaJson.isId(model.value())) {
            throw new IllegalArgumentException("Not an Astria tune id: " + model);
        }
        return model.value();
    }

    /** Refuses a model whose tune is recorded for another order. */
    void sameOrderIfKnown(String model, OrderId order) {
        records.tune(model).filter(known -> !known.order().equals(order)).ifPresent(known -> {
            throw new IllegalArgumentException("Model " + model + " was not trained for this order");
        });
    }

    /** Tune {@code id} as Astria answers for it now; empty when it answers 404. */
    Optional<AstriaJson.Tune> findTune(String step, String id) {
        return Steps.find(step, () -> AstriaJson.Tune.of(api.tune(id)));
    }

    /** The recorded prompt as Astria answers for its id now; empty when Astria answers 404 (its 404 is then recorded). */
    Optional<AstriaJson.Prompt> readPrompt(AstriaRecords.Placed placed) {
        Optional<AstriaJson.Prompt> prompt = Steps.find(
                        "read a prompt", () -> AstriaJson.Prompt.of(api.prompt(placed.home(), placed.id())))
                .filter(p -> p.id().equals(placed.id()));
        if (prompt.isEmpty()) {
            records.close(
                    AstriaRecords.PROMPT,
                    placed.id(),
                    clock.instant(),
                    "GET /tunes/" + placed.home() + "/prompts/" + placed.id() + " answered 404 Not Found");
        }
        return prompt;
    }

    /** The part of a style a prompt serves, by the signed token in the callback address Astria echoes. */
    Optional<CallbackTokens.PromptClaim> claimOf(AstriaJson.Prompt prompt) {
        return tokens.fromCallbackUrl(prompt.callback().orElse(null))
                .filter(CallbackTokens.PromptClaim.class::isInstance)
                .map(CallbackTokens.PromptClaim.class::cast);
    }

    /** Waits before the {@code lookUp}-th look-up of a creation whose answer never came: the backoff, capped. */
    void pause(int lookUp) {
        Duration wait = http.firstBackoff().multipliedBy(1L << Math.min(lookUp - 1, 20));
        try {
            sleeper.sleep(wait.compareTo(http.maxBackoff()) > 0 ? http.maxBackoff() : wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Steps.Failed("Interrupted while waiting to look an unconfirmed creation up", e);
        }
    }
}
