package ai.kaptura.adapter.persistence;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What one node remembers of a read on every signed-in request (a session by its token hash, an order by its id), kept
 * only while the node hears every change to it: {@link ReadCaches} turns it on while its {@link ChangeListener} listens
 * to PostgreSQL, and each announced change ({@code V103}) forgets the entry. An entry is also forgotten by the node that
 * wrote it, when its transaction commits, so a node reads its own writes at once.
 *
 * <p>A load races a change that commits while it is under way: the value read may be the one just replaced, and the
 * change's announcement may come before the value is kept. Every forgetting therefore first moves a shared counter
 * ({@link ReadCaches#epoch}); a loaded value is kept, then dropped again if the counter moved since the load began. So
 * whatever the order of the two, a replaced value never stays.
 *
 * <p>Absence is never kept: a key the database does not have is asked for again each time. An entry lives at most
 * {@code maxAge} (a bound on what an unforeseen path could leave behind, not the mechanism), and the map at most
 * {@code maxEntries}: beyond it, everything is dropped and loaded again as asked.
 */
final class ReadCache<K, V> {

    private record Entry<V>(V value, long keptAt) {}

    private final ReadCaches owner;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong loads = new AtomicLong();

    ReadCache(ReadCaches owner, Duration maxAge, int maxEntries, LongSupplier nanoTime) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.maxAgeNanos = maxAge.toNanos();
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        owner.register(this);
    }

    /**
     * The value kept for {@code key}, or {@code load}'s answer (kept when caching is on and nothing changed meanwhile).
     * {@code load} answers null for a key the database does not have.
     */
    V get(K key, Supplier<V> load) {
        if (!owner.on()) {
            loads.incrementAndGet();
            return load.get();
        }
        Entry<V> kept = entries.get(key);
        long now = nanoTime.getAsLong();
        if (kept != null && now - kept.keptAt() < maxAgeNanos) {
            hits.incrementAndGet();
            return kept.value();
        }
        long epoch = owner.epoch();
        loads.incrementAndGet();
        V value = load.get();
        if (value == null || !owner.on()) {
            return value;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry<V> entry = new Entry<>(value, now);
        entries.put(key, entry);
        if (owner.epoch() != epoch || !owner.on()) {
            // Something was forgotten while this value was read: it may be this one's replacement.
            entries.remove(key, entry);
        }
        return value;
    }

    /** Forgets {@code key} (the epoch moves first: see the class comment). */
    void forget(K key) {
        owner.moved();
        entries.remove(key);
    }

    /** Forgets every entry whose value {@code which} picks. */
    void forgetWhere(Predicate<V> which) {
        owner.moved();
        entries.values().removeIf(e -> which.test(e.value()));
    }

    void forgetAll() {
        owner.moved();
        entries.clear();
    }

    /** Reads answered from memory, since start (for tests and the benchmark). */
    long hits() {
        return hits.get();
    }

    /** Reads that went to the database, since start. */
    long loads() {
        return loads.get();
    }

    int size() {
        return entries.size();
    }
}
