package ai.kaptura.domain.consent;

import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an order stands on each purpose: the latest record that applies to it, which is the order's
 * own grant or refusal, or an account-wide withdrawal made after it. Derived from the append-only
 * ledger, never stored (R6).
 */
@Implements({Rule.R4, Rule.R6, Rule.R7})
public final class ConsentState {

    private final OrderId order;
    private final Map<ConsentPurpose, ConsentRecord> latest;

    private ConsentState(OrderId order, Map<ConsentPurpose, ConsentRecord> latest) {
        this.order = order;
        this.latest = latest;
    }

    /**
     * The state of {@code order}, from all of the account's records in the ledger's append order (records
     * recorded at the same instant keep that order). An account-wide withdrawal counts only for orders
     * that existed when it was made: a later order starts afresh.
     */
    public static ConsentState of(Order order, Collection<ConsentRecord> accountRecords) {
        Map<ConsentPurpose, ConsentRecord> latest = new EnumMap<>(ConsentPurpose.class);
        accountRecords.stream()
                .filter(r -> r.account().equals(order.account()))
                .filter(r -> r.appliesTo(order.id()))
                .filter(r -> r.order().isPresent() || !r.recordedAt().isBefore(order.createdAt()))
                .sorted(Comparator.comparing(ConsentRecord::recordedAt))
                .forEach(r -> latest.put(r.purpose(), r));
        return new ConsentState(order.id(), latest);
    }

    public OrderId order() {
        return order;
    }

    public Optional<ConsentRecord> latest(ConsentPurpose purpose) {
        return Optional.ofNullable(latest.get(purpose));
    }

    public boolean isGranted(ConsentPurpose purpose) {
        return latest(purpose).map(r -> r.decision() == ConsentDecision.GRANTED).orElse(false);
    }

    public boolean isWithdrawn(ConsentPurpose purpose) {
        return latest(purpose)
                .map(r -> r.decision() == ConsentDecision.WITHDRAWN)
                .orElse(false);
    }

    public boolean isRefused(ConsentPurpose purpose) {
        return latest(purpose).map(r -> r.decision() == ConsentDecision.REFUSED).orElse(false);
    }
}
