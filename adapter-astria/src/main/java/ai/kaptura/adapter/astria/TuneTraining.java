package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.VendorObjects;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Training at Astria: {@code POST /tunes} (multipart) with an opaque title derived from the idempotency key, the class
 * word, a signed callback address and the selfies, the guard's permit checked before a byte is read (R17). One key never
 * makes two tunes: the recorded tune answers a repeat, and a creation whose answer was lost is looked for by its title
 * before anything is submitted again.
 */
final class TuneTraining {

    private static final System.Logger LOG = AstriaAccess.LOG;
    private static final Object[] TITLE_LOCKS = new Object[64];

    static {
        Arrays.setAll(TITLE_LOCKS, i -> new Object());
    }

    private final AstriaAccess astria;

    TuneTraining(AstriaAccess astria) {
        this.astria = astria;
    }

    ModelRef train(HeadshotGenerator.Training training) {
        Objects.requireNonNull(training, "training");
        if (!SelfieReadPermit.allowsVendorTraining(training.permit(), training.order())) {
            throw new SecurityException(
                    "Selfies go to Astria only with the guard's vendor-training permit for the very order "
                            + "they belong to (R1, R17); nothing was read or sent");
        }
        if (training.selfies().isEmpty()) {
            throw new IllegalArgumentException("A training needs selfies");
        }
        if (training.subjectClass() == null
                || !AstriaAccess.CLASS_WORD.matcher(training.subjectClass()).matches()) {
            throw new IllegalArgumentException("The subject class is one lower-case word such as person, man or woman");
        }
        if (training.idempotencyKey() == null || training.idempotencyKey().isBlank()) {
            throw new IllegalArgumentException("A training needs an idempotency key");
        }
        String title = astria.tokens().tuneTitle(training.idempotencyKey());
        synchronized (TITLE_LOCKS[Math.floorMod(title.hashCode(), TITLE_LOCKS.length)]) {
            Optional<VendorObjects.Entry> asked = astria.records().tuneRequest(title);
            if (asked.isPresent() && !asked.get().order().equals(training.order())) {
                throw new IllegalArgumentException("This idempotency key already trained a model for another order");
            }
            Optional<String> known = astria.records().tuneOf(training.order(), title);
            if (known.isPresent()) {
                return new ModelRef(known.get());
            }
            if (asked.isPresent() && asked.get().isOpen()) {
                Optional<ModelRef> found = foundByTitle(
                        title,
                        asked.get().recordedAt(),
                        training,
                        "Astria: tune {0}, whose creation went unanswered before, was found by its title");
                if (found.isPresent()) {
                    return found.get();
                }
            } else if (asked.isEmpty()) {
                astria.records()
                        .tuneRequested(
                                title,
                                training.order(),
                                training.subjectClass(),
                                astria.clock().instant());
            }
            Instant askedAt = asked.map(VendorObjects.Entry::recordedAt).orElseGet(astria.clock()::instant);
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("tune[title]", title);
            form.put("tune[name]", training.subjectClass());
            form.put(
                    "tune[callback]",
                    astria.tokens()
                            .callbackUrl(new CallbackTokens.TuneClaim(
                                    training.order(),
                                    CallbackTokens.digest(title),
                                    astria.clock().instant().plus(CallbackTokens.LIFETIME))));
            astria.settings().baseTuneId().ifPresent(base -> form.put("tune[base_tune_id]", base));
            astria.settings().modelType().ifPresent(type -> form.put("tune[model_type]", type));
            astria.settings().preset().ifPresent(preset -> form.put("tune[preset]", preset));
            astria.settings().branch().ifPresent(branch -> form.put("tune[branch]", branch));
            form.put("tune[images][]", new SelfieParts(training.selfies()));
            try {
                AstriaJson.Tune tune = Steps.run(
                        "create the tune", () -> AstriaJson.Tune.of(astria.api().createTune(form)));
                if (tune.title().isPresent() && !tune.title().get().equals(title)) {
                    throw new Steps.Failed(
                            "Could not create the tune: Astria answered with tune " + tune.id()
                                    + ", which has another title",
                            null);
                }
                LOG.log(
                        Level.INFO,
                        "Astria: tune {0} created from {1} selfies",
                        tune.id(),
                        training.selfies().size());
                return remember(tune, training, title);
            } catch (AstriaFailure.OutcomeUnknown unknown) {
                LOG.log(
                        Level.WARNING,
                        "Astria did not confirm a tune creation; looking the tune up by its title instead of resubmitting");
                for (int lookUp = 1; lookUp <= astria.http().maxAttempts(); lookUp++) {
                    astria.pause(lookUp);
                    Optional<ModelRef> found = foundByTitle(
                            title, askedAt, training, "Astria: the unconfirmed tune creation did happen: tune {0}");
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
                throw new Steps.Failed(
                        "Could not create the tune: " + unknown.getMessage() + ", and no tune with this "
                                + "training's title appeared after "
                                + astria.http().maxAttempts()
                                + " look-ups. Nothing was resubmitted; the next "
                                + "attempt looks the tune up again first, and Astria's title idempotency keeps a resubmission from "
                                + "creating a second tune",
                        unknown.getCause());
            }
        }
    }

    /**
     * The tune titled {@code title} among those made since {@code since}, as the model of {@code training} (recorded so),
     * logging {@code howFound} with its id; empty when the look-up does not find it.
     */
    private Optional<ModelRef> foundByTitle(
            String title, Instant since, HeadshotGenerator.Training training, String howFound) {
        Optional<AstriaJson.Tune> found =
                astria.lookUps().tune(title::equals, since).found();
        found.ifPresent(tune -> LOG.log(Level.INFO, howFound, tune.id()));
        return found.map(tune -> remember(tune, training, title));
    }

    private ModelRef remember(AstriaJson.Tune tune, HeadshotGenerator.Training training, String title) {
        astria.records()
                .tune(
                        tune.id(),
                        title,
                        training.order(),
                        training.subjectClass(),
                        astria.clock().instant());
        return new ModelRef(tune.id());
    }
}
