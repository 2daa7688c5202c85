package ai.kaptura.ports.out;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kaptura's own record of what a vendor adapter created at its vendor for an order, by the vendor's ids (R14, R27):
 * every object (at Astria: the tune, and each prompt, wherever it lives), and every creation that was asked for
 * and never answered (a 504, a timeout), so it is looked for before anything is asked again. It is our data about
 * our processing: a vendor's listing is newest first and may be cut, so only this record says what must be deleted,
 * and deletion is confirmed object by object, by the vendor's answer for that id (Astria: 404), never inferred from
 * a listing. Shared by every node and kept across restarts.
 *
 * <p>An entry is written once and then only closed: when the vendor confirmed the object is gone, or when a creation
 * asked for was found or was shown never to have happened, with the evidence.
 */
@Implements({Rule.R14, Rule.R27})
public interface VendorObjects {

    /**
     * One object at a vendor, or one creation asked for.
     *
     * @param vendor     the processor's registry name, such as {@code astria}
     * @param kind       the adapter's word for it, such as {@code tune}, {@code prompt} or {@code prompt-request}
     * @param id         the vendor's id of the object, or the adapter's opaque key of a creation asked for
     * @param order      the order it was made for
     * @param home       where it lives at the vendor when its address needs more than its id (a prompt's tune), or empty
     * @param note       what it is for, in the adapter's own short encoding (opaque ids and counts, never personal data)
     * @param recordedAt when Kaptura recorded it (a creation asked for: when it was asked)
     * @param closed     when, and on what evidence, it was closed; empty while it may still be at the vendor
     */
    record Entry(
            String vendor,
            String kind,
            String id,
            OrderId order,
            String home,
            String note,
            Instant recordedAt,
            Optional<Closed> closed) {

        private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");
        private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_.:/-]{1,200}");
        private static final Pattern HOME = Pattern.compile("[A-Za-z0-9_.:/-]{0,64}");
        private static final int MAX_NOTE = 400;

        public Entry {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(recordedAt, "recorded at");
            Objects.requireNonNull(closed, "closed");
            if (vendor == null
                    || !WORD.matcher(vendor).matches()
                    || kind == null
                    || !WORD.matcher(kind).matches()) {
                throw new IllegalArgumentException(
                        "A vendor object is named by a vendor and a kind, each a short lower-case word");
            }
            if (id == null
                    || !OPAQUE.matcher(id).matches()
                    || home == null
                    || !HOME.matcher(home).matches()) {
                throw new IllegalArgumentException("A vendor object's id and home are opaque ids, never personal data");
            }
            if (note == null
                    || note.length() > MAX_NOTE
                    || note.contains("@")
                    || note.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "A vendor object's note is one short line of opaque ids, never personal data");
            }
            recordedAt = recordedAt.truncatedTo(ChronoUnit.MICROS);
        }

        /** A new, open entry. */
        public static Entry open(
                String vendor, String kind, String id, OrderId order, String home, String note, Instant at) {
            return new Entry(vendor, kind, id, order, home, note, at, Optional.empty());
        }

        public boolean isOpen() {
            return closed.isEmpty();
        }
    }

    /**
     * Why an entry needs no more work: the vendor's answer that the object is gone (its per-id 404), or what settled a
     * creation asked for.
     */
    record Closed(Instant at, String evidence) {
        public Closed {
            Objects.requireNonNull(at, "at");
            if (evidence == null
                    || evidence.isBlank()
                    || evidence.length() > 400
                    || evidence.contains("@")
                    || evidence.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("Closing evidence is one short line, never personal data");
            }
            at = at.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /**
     * Records an entry, durably before answering. One of the same vendor, kind and id already recorded is left as it
     * is: answers whether this one was new.
     */
    boolean record(Entry entry);

    Optional<Entry> find(String vendor, String kind, String id);

    /** Every entry of the order at that vendor, open and closed, the oldest first; never cut. */
    List<Entry> ofOrder(String vendor, OrderId order);

    /**
     * Closes the entry with its evidence. Answers false, changing nothing, if there is no such entry or it was closed
     * already (the first evidence stays).
     */
    boolean close(String vendor, String kind, String id, Closed closed);
}
