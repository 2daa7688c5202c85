package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.SelfieAdvices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@link SelfieAdvices} in memory: each selfie's advice with the order it belongs to. */
public final class InMemorySelfieAdvices implements SelfieAdvices {

    private record Kept(OrderId order, SelfieAdvice advice) {}

    private final Map<SelfieId, Kept> kept = new LinkedHashMap<>();

    @Override
    public synchronized void record(OrderId order, SelfieId selfie, SelfieAdvice advice) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(advice, "advice");
        if (kept.putIfAbsent(Objects.requireNonNull(selfie, "selfie"), new Kept(order, advice)) != null) {
            throw new IllegalStateException("Selfie " + selfie + " has advice already");
        }
    }

    @Override
    public synchronized Map<SelfieId, SelfieAdvice> of(OrderId order) {
        Map<SelfieId, SelfieAdvice> out = new LinkedHashMap<>();
        kept.forEach((selfie, k) -> {
            if (k.order().equals(order)) {
                out.put(selfie, k.advice());
            }
        });
        return Map.copyOf(out);
    }

    @Override
    public synchronized void forget(SelfieId selfie) {
        kept.remove(selfie);
    }
}
