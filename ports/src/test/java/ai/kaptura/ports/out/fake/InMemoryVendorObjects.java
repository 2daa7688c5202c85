package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.VendorObjects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link VendorObjects} in memory. It stands for the database a restarted node finds again: a test that "restarts" an
 * adapter gives the new instance the same store.
 */
public final class InMemoryVendorObjects implements VendorObjects {

    private record Key(String vendor, String kind, String id) {}

    private record Stored(Entry entry, long seq) {}

    private final Map<Key, Stored> entries = new LinkedHashMap<>();
    private long seq;

    @Override
    public synchronized boolean record(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        Key key = new Key(entry.vendor(), entry.kind(), entry.id());
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, new Stored(entry, seq++));
        return true;
    }

    @Override
    public synchronized Optional<Entry> find(String vendor, String kind, String id) {
        return Optional.ofNullable(entries.get(new Key(vendor, kind, id))).map(Stored::entry);
    }

    @Override
    public synchronized List<Entry> ofOrder(String vendor, OrderId order) {
        Objects.requireNonNull(order, "order");
        List<Stored> of = new ArrayList<>();
        for (Stored stored : entries.values()) {
            if (stored.entry().vendor().equals(vendor) && stored.entry().order().equals(order)) {
                of.add(stored);
            }
        }
        of.sort(Comparator.comparing((Stored s) -> s.entry().recordedAt()).thenComparingLong(Stored::seq));
        return of.stream().map(Stored::entry).toList();
    }

    @Override
    public synchronized boolean close(String vendor, String kind, String id, Closed closed) {
        Objects.requireNonNull(closed, "closed");
        Key key = new Key(vendor, kind, id);
        Stored stored = entries.get(key);
        if (stored == null || !stored.entry().isOpen()) {
            return false;
        }
        Entry e = stored.entry();
        entries.put(
                key,
                new Stored(
                        new Entry(
                                e.vendor(),
                                e.kind(),
                                e.id(),
                                e.order(),
                                e.home(),
                                e.note(),
                                e.recordedAt(),
                                Optional.of(closed)),
                        stored.seq()));
        return true;
    }
}
