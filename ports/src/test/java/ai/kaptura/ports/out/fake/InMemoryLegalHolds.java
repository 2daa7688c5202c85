package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.ports.out.LegalHolds;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link LegalHolds} in memory, each hold under its id in the order placed. */
public final class InMemoryLegalHolds implements LegalHolds {

    private final Map<AccountHold.Id, AccountHold> holds = new LinkedHashMap<>();

    @Override
    public synchronized boolean place(AccountHold.Active hold) {
        Objects.requireNonNull(hold, "hold");
        if (activeOn(hold.account()).isPresent() || holds.containsKey(hold.id())) {
            return false;
        }
        holds.put(hold.id(), hold);
        return true;
    }

    @Override
    public synchronized boolean lift(AccountHold.Lifted lifted) {
        Objects.requireNonNull(lifted, "lifted");
        if (!(holds.get(lifted.id()) instanceof AccountHold.Active)) {
            return false;
        }
        holds.put(lifted.id(), lifted);
        return true;
    }

    @Override
    public synchronized Optional<AccountHold.Active> activeOn(AccountId account) {
        return active(Integer.MAX_VALUE).stream()
                .filter(h -> h.account().equals(account))
                .findFirst();
    }

    @Override
    public synchronized List<AccountHold.Active> active(int limit) {
        return holds.values().stream()
                .filter(AccountHold.Active.class::isInstance)
                .map(AccountHold.Active.class::cast)
                .sorted(Comparator.comparing(h -> h.hold().placedAt()))
                .limit(Math.max(limit, 0))
                .toList();
    }

    @Override
    public synchronized List<AccountHold> history(AccountId account) {
        return holds.values().stream()
                .filter(h -> h.account().equals(account))
                .sorted(Comparator.comparing(h -> h.hold().placedAt()))
                .toList();
    }
}
