package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.MailHolds;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link MailHolds} in memory. */
public final class InMemoryMailHolds implements MailHolds {

    private record Key(Reason reason, String subject) {}

    private final Map<Key, Hold> holds = new LinkedHashMap<>();

    @Override
    public synchronized boolean hold(Hold hold) {
        Objects.requireNonNull(hold, "hold");
        Key key = new Key(hold.reason(), hold.subject());
        Hold before = holds.get(key);
        holds.put(
                key,
                before == null
                        ? hold
                        : new Hold(hold.reason(), hold.subject(), before.since(), hold.until(), hold.detail()));
        return before == null;
    }

    @Override
    public synchronized boolean release(Reason reason, String subject) {
        return holds.remove(new Key(reason, subject)) != null;
    }

    @Override
    public synchronized Optional<Hold> find(Reason reason, String subject) {
        return Optional.ofNullable(holds.get(new Key(reason, subject)));
    }

    @Override
    public synchronized List<Hold> held(int limit) {
        return holds.values().stream()
                .sorted(Comparator.comparing(Hold::since)
                        .thenComparing(h -> h.reason().name())
                        .thenComparing(Hold::subject))
                .limit(limit)
                .toList();
    }
}
