package ai.kaptura.ports.out;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the offline stand-in vendors (the sandbox's generator and payment processor) keep, shared by every node and kept
 * across restarts, as a real vendor keeps its own books whichever of our nodes calls it: its records (a model, a
 * checkout, a refund, and the look-ups that find them), each a short JSON text with a version changed only by a
 * compare-and-set, and its sealed files (copies of selfies, drawn headshots), each owned by a record's id so that
 * deleting the owner deletes all of it.
 *
 * <p>A record may carry a due time: the moment the stand-in has a step to take for it (a training that ends, a drawing,
 * a callback to send again). Any node lists what is due ({@link #due}) and takes a step only after {@link #claim} —
 * a guarded update that exactly one node wins until its lease ends — so a step runs on one node at a time, and on the
 * surviving node once a node that held it has died. Holds opaque ids, amounts and sealed bytes only: the stand-ins know
 * no email address or name.
 */
public interface SandboxRecords {

    /** Kinds are short lower-case words; ids and owners opaque ids. */
    Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_.:/=+-]{1,200}");

    /** The longest body kept. */
    int MAX_BODY = 1_000_000;

    /**
     * One record as stored.
     *
     * @param version changed by every {@link #replace}; a replace naming an older version changes nothing
     * @param dueAt   when the stand-in has a step to take for it, if it has one
     */
    record Entry(String kind, String id, String owner, String body, long version, Optional<Instant> dueAt) {
        public Entry {
            requireKey(kind, id, owner);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(dueAt, "due at");
            dueAt = dueAt.map(at -> at.truncatedTo(ChronoUnit.MICROS));
        }
    }

    /** A sealed file and the id of the record that owns it. */
    record Blob(String owner, byte[] bytes) {
        public Blob {
            Objects.requireNonNull(owner, "owner");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** What {@link #deleteOwned} removed. */
    record Removed(int records, int blobs) {}

    /**
     * Adds a record at version 1, durably before answering; one of the same kind and id already there is left as it
     * is: answers whether this one was new (of nodes racing to add it, exactly one wins).
     */
    boolean insert(String kind, String id, String owner, String body, Optional<Instant> dueAt);

    Optional<Entry> find(String kind, String id);

    /**
     * Replaces the body and due time of a record if it is still at {@code version}, raising its version; answers false,
     * changing nothing, if it was changed or removed meanwhile.
     */
    boolean replace(String kind, String id, long version, String body, Optional<Instant> dueAt);

    /** Removes one record (not the files it owns); answers whether it was there. */
    boolean delete(String kind, String id);

    /** The ids of every record of {@code kind}, in no particular order. */
    List<String> ids(String kind);

    /**
     * The ids of up to {@code limit} records of {@code kind} due at or before {@code now} and not claimed by a lease
     * that lasts beyond {@code now}, the earliest due first.
     */
    List<String> due(String kind, Instant now, int limit);

    /**
     * Claims the step of a due record for {@code holder} until {@code until}: answers true to exactly one caller while
     * the record is due at {@code now} and no other lease lasts beyond {@code now}.
     */
    boolean claim(String kind, String id, String holder, Instant now, Instant until);

    /** Ends {@code holder}'s lease on the record; a lease taken over by another holder since is left alone. */
    void release(String kind, String id, String holder);

    /** Keeps (or replaces) the sealed file {@code name}, owned by {@code owner}, durably before answering. */
    void putBlob(String name, String owner, byte[] bytes);

    Optional<Blob> blob(String name);

    /** The names of the files {@code owner} owns, sorted. */
    List<String> blobNames(String owner);

    /** Removes every record and every file {@code owner} owns. */
    Removed deleteOwned(String owner);

    /** Whether any record or file {@code owner} owns is left. */
    boolean holdsAnything(String owner);

    /** Refuses what is not a kind, an opaque id and an opaque owner. */
    static void requireKey(String kind, String id, String owner) {
        if (kind == null || !WORD.matcher(kind).matches()) {
            throw new IllegalArgumentException("A sandbox record's kind is a short lower-case word");
        }
        if (id == null
                || !OPAQUE.matcher(id).matches()
                || owner == null
                || !OPAQUE.matcher(owner).matches()) {
            throw new IllegalArgumentException("A sandbox record's id and owner are opaque ids, never personal data");
        }
    }
}
