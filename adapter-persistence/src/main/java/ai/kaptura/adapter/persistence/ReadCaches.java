package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.signin.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's memory of the signed-in read: sessions by token hash, orders by id and their selfies' advice by order id
 * ({@link ReadCache}). It is on only
 * while the node hears every change to those rows — on PostgreSQL, while its {@link ChangeListener} listens on the
 * channel the {@code V103} triggers announce changes on — and off otherwise (the embedded H2 database, a listener
 * reconnecting): then every read goes to the database as it did before. Turning it on or off forgets everything.
 *
 * <p>It holds what the database holds (token hashes, account ids, the order's rows), in this process only, for at most
 * {@link #MAX_AGE}: nothing is written anywhere else.
 */
final class ReadCaches {

    /** How long an entry may live even when no change is heard: the safety net, not the mechanism. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private static final int MAX_ENTRIES = 20_000;

    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean on;
    /** Every cache made for this node (each registers itself): turning on or off forgets them all. */
    private final List<ReadCache<?, ?>> caches = new CopyOnWriteArrayList<>();

    private final ReadCache<String, Session> sessions;
    private final ReadCache<UUID, Order> orders;
    private final ReadCache<UUID, Map<SelfieId, SelfieAdvice>> advices;

    ReadCaches() {
        this.sessions = new ReadCache<>(this, MAX_AGE, MAX_ENTRIES, System::nanoTime);
        this.orders = new ReadCache<>(this, MAX_AGE, MAX_ENTRIES, System::nanoTime);
        this.advices = new ReadCache<>(this, MAX_AGE, MAX_ENTRIES, System::nanoTime);
    }

    /** Sessions by token hash (hex). */
    ReadCache<String, Session> sessions() {
        return sessions;
    }

    /** Orders by id. */
    ReadCache<UUID, Order> orders() {
        return orders;
    }

    /** The photo-quality advice of an order's selfies (R51), by order id: shown with the order, announced as its change. */
    ReadCache<UUID, Map<SelfieId, SelfieAdvice>> advices() {
        return advices;
    }

    boolean on() {
        return on;
    }

    /** Starts keeping reads: called once every change is heard (the listener listens), after forgetting all. */
    void turnOn() {
        forgetAll();
        on = true;
    }

    /** Stops keeping reads and forgets them: a change may go unheard from now on. */
    void turnOff() {
        on = false;
        forgetAll();
    }

    /** Forgets every entry (a change no trigger announced: tests emptying tables with triggers off). */
    void forgetAll() {
        caches.forEach(ReadCache::forgetAll);
    }

    void register(ReadCache<?, ?> cache) {
        caches.add(cache);
    }

    long epoch() {
        return epoch.get();
    }

    void moved() {
        epoch.incrementAndGet();
    }

    /** An announcement's payload without its schema: {@code s|<token hash>} or {@code o|<order id>}. */
    void heard(String change) {
        if (change.startsWith("s|")) {
            sessions.forget(change.substring(2));
        } else if (change.startsWith("o|")) {
            try {
                UUID order = UUID.fromString(change.substring(2));
                orders.forget(order);
                advices.forget(order);
            } catch (IllegalArgumentException e) {
                forgetAll();
            }
        } else {
            // Everything ("*", a table emptied) or a change this version does not know: be safe.
            forgetAll();
        }
    }
}
