package ai.kaptura.domain.retention;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What has happened to one piece of data: when each trigger fired, and any legal hold on it. */
public record RetentionFacts(Map<Trigger, Instant> happened, Optional<LegalHold> hold) {

    public RetentionFacts {
        Objects.requireNonNull(hold, "hold");
        happened = happened.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(happened));
    }

    public static RetentionFacts none() {
        return new RetentionFacts(Map.of(), Optional.empty());
    }

    public RetentionFacts and(Trigger trigger, Instant at) {
        EnumMap<Trigger, Instant> all = new EnumMap<>(Trigger.class);
        all.putAll(happened);
        all.merge(trigger, at, (a, b) -> a.isBefore(b) ? a : b);
        return new RetentionFacts(all, hold);
    }

    public RetentionFacts and(Trigger trigger, Optional<Instant> at) {
        return at.map(a -> and(trigger, a)).orElse(this);
    }

    public RetentionFacts held(LegalHold legalHold) {
        return new RetentionFacts(happened, Optional.of(legalHold));
    }

    public Optional<Instant> when(Trigger trigger) {
        return Optional.ofNullable(happened.get(trigger));
    }
}
