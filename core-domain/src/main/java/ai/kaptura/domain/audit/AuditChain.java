package ai.kaptura.domain.audit;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hash chain of the audit log (R46). Each entry's hash is SHA-256 over the previous entry's hash and
 * a canonical encoding of the entry's content, so editing, removing or reordering any entry breaks
 * every hash after it, and {@link #verify} names the first entry that no longer fits.
 *
 * <p>Canonical encoding, version 1: the fields sequence, instant (ISO-8601 UTC), actor kind, actor id,
 * action, subject type, subject id, rule id, then each detail key and value in key order; each field
 * written as its UTF-8 byte length in decimal, a colon, the bytes, and a newline. Length prefixes make
 * the encoding unambiguous whatever the field contents.
 */
@Implements({Rule.R46, Rule.R50})
public final class AuditChain {

    /** The "previous hash" of the first entry. */
    public static final Digest GENESIS = Digest.ZERO;

    /** The detail of an {@link AuditAction#AUDIT_PRUNED} entry naming the sequence of the last entry removed. */
    public static final String PRUNED_THROUGH_SEQUENCE = "through_sequence";

    /** The detail of an {@link AuditAction#AUDIT_PRUNED} entry naming the hash (hex) of the last entry removed. */
    public static final String PRUNED_THROUGH_HASH = "through_hash";

    private AuditChain() {}

    /** The entry that follows {@code head} (or starts the chain). */
    public static AuditEntry append(Optional<AuditEntry> head, AuditEvent event) {
        long sequence = head.map(h -> h.sequence() + 1).orElse(1L);
        Digest previous = head.map(AuditEntry::hash).orElse(GENESIS);
        return new AuditEntry(sequence, event, previous, hash(sequence, event, previous));
    }

    /**
     * The entry that follows the one with {@code previousSequence} and {@code previousHash} (0 and
     * {@link #GENESIS} for the first): what a store that keeps only the chain's head needs.
     */
    public static AuditEntry append(long previousSequence, Digest previousHash, AuditEvent event) {
        long sequence = previousSequence + 1;
        return new AuditEntry(sequence, event, previousHash, hash(sequence, event, previousHash));
    }

    public static Digest hash(long sequence, AuditEvent event, Digest previous) {
        MessageDigest sha = Digest.sha256Engine();
        sha.update(previous.bytes());
        sha.update(canonical(sequence, event));
        return Digest.of(sha);
    }

    /** The canonical bytes of an entry's content (see the class comment). */
    public static byte[] canonical(long sequence, AuditEvent event) {
        StringBuilder out = new StringBuilder(VERSION_LINE);
        field(out, Long.toString(sequence));
        return concat(out.toString().getBytes(StandardCharsets.UTF_8), canonicalAfterSequence(event));
    }

    /** The first line of every entry's canonical bytes: the encoding's version. */
    public static final String VERSION_LINE = "kaptura-audit-v1\n";

    /**
     * The canonical bytes of an entry after its sequence field: {@link #canonical} is {@link #VERSION_LINE}, then the
     * sequence as a field ({@code <length>:<digits>\n}), then these. A store that numbers entries itself (PostgreSQL's
     * append, under the head's lock) hashes its previous hash, the first two and these, as {@link #hash} does.
     */
    public static byte[] canonicalAfterSequence(AuditEvent event) {
        StringBuilder out = new StringBuilder();
        field(out, event.at().toString());
        field(out, event.actor().kind().name());
        field(out, event.actor().id());
        field(out, event.action().name());
        field(out, event.subject().type());
        field(out, event.subject().id());
        field(out, event.rule().id());
        for (Map.Entry<String, String> d : event.details().entrySet()) {
            field(out, d.getKey());
            field(out, d.getValue());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The entry whose canonical bytes ({@link #canonical}) are {@code canonical}, with the hashes it was stored with: what
     * an auditor's offline copy of the log is read back into, to be verified without the database.
     *
     * @throws IllegalArgumentException if {@code canonical} is not an encoding of version 1
     */
    public static AuditEntry fromCanonical(byte[] canonical, Digest previous, Digest hash) {
        String text = new String(canonical, StandardCharsets.UTF_8);
        String header = "kaptura-audit-v1\n";
        if (!text.startsWith(header)) {
            throw new IllegalArgumentException("Not a version 1 audit entry");
        }
        List<String> fields = new ArrayList<>();
        int at = header.length();
        while (at < text.length()) {
            int colon = text.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("A field of an audit entry has no length");
            }
            int length = Integer.parseInt(text.substring(at, colon));
            byte[] rest = text.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            if (length > rest.length || rest.length > length && rest[length] != '\n') {
                throw new IllegalArgumentException("A field of an audit entry does not end where its length says");
            }
            String value = new String(rest, 0, length, StandardCharsets.UTF_8);
            fields.add(value);
            at = colon + 1 + value.length() + 1;
        }
        if (fields.size() < 8 || fields.size() % 2 != 0) {
            throw new IllegalArgumentException("An audit entry has " + fields.size() + " fields");
        }
        Map<String, String> details = new java.util.TreeMap<>();
        for (int i = 8; i < fields.size(); i += 2) {
            details.put(fields.get(i), fields.get(i + 1));
        }
        AuditEvent event = new AuditEvent(
                java.time.Instant.parse(fields.get(1)),
                new Actor(Actor.Kind.valueOf(fields.get(2)), fields.get(3)),
                AuditAction.valueOf(fields.get(4)),
                new Subject(fields.get(5), fields.get(6)),
                Rule.byId(fields.get(7)),
                details);
        return new AuditEntry(Long.parseLong(fields.get(0)), event, previous, hash);
    }

    private static void field(StringBuilder out, String value) {
        out.append(value.getBytes(StandardCharsets.UTF_8).length)
                .append(':')
                .append(value)
                .append('\n');
    }

    /** Verifies a whole chain from its first entry. */
    public static Verification verify(Iterable<AuditEntry> entries) {
        return verifyFrom(entries, GENESIS, 1);
    }

    /**
     * Verifies a chain that starts at {@code firstSequence} after {@code anchor}, the hash of the
     * entry before it (for logs whose oldest entries were removed under the retention schedule).
     */
    public static Verification verifyFrom(Iterable<AuditEntry> entries, Digest anchor, long firstSequence) {
        return walk(entries, anchor, firstSequence, entry -> Optional.empty());
    }

    /**
     * Verifies a chain whose entries up to {@code cut} were pruned under the retention schedule (R12): the first entry
     * must follow the cut (sequence {@code cut.sequence() + 1}, pointing at {@code cut.head()}), and every link after
     * it must hold. Whether the cut itself carries the audit key's signature is {@link #verifyAnchored}'s to check.
     */
    public static Verification verifyFrom(AuditCheckpoint cut, Iterable<AuditEntry> entries) {
        return verifyFrom(entries, cut.head(), cut.sequence() + 1);
    }

    /**
     * Verifies a chain against {@code checkpoints} signed by {@code key} (R50): the chain must verify on its own,
     * every checkpoint must carry {@code key}'s signature, the chain must reach the latest checkpoint's sequence (or
     * its tail was cut), and at each checkpoint's sequence the entry's hash must be the one signed (or the chain was
     * rewritten, however consistently). Entries after the latest checkpoint are held by the chain alone until the
     * next one.
     *
     * <p>A chain whose oldest entries were pruned under the retention schedule (R12, {@link AuditAction#AUDIT_PRUNED})
     * starts after entry 1. It verifies from the cut only if a signed checkpoint was made at the cut (the sequence
     * just before its first entry, with the hash that entry points at) and an {@code AUDIT_PRUNED} entry of the kept
     * chain names that cut ({@link #PRUNED_THROUGH_SEQUENCE}, {@link #PRUNED_THROUGH_HASH}); checkpoints signed
     * before the cut speak of entries no longer held and are not checked. Entries removed from the start any other
     * way break the chain at entry 1.
     */
    public static Verification verifyAnchored(
            Iterable<AuditEntry> entries, List<AuditCheckpoint.Signed> checkpoints, PublicKey key) {
        List<AuditCheckpoint> signed = new ArrayList<>();
        for (AuditCheckpoint.Signed checkpoint : checkpoints) {
            if (!checkpoint.verifiedBy(key)) {
                return new Verification.Broken(
                        checkpoint.checkpoint().sequence(),
                        "the checkpoint of " + checkpoint.checkpoint().at()
                                + " does not carry the audit key's signature");
            }
            signed.add(checkpoint.checkpoint());
        }
        signed.sort(Comparator.comparingLong(AuditCheckpoint::sequence));
        Iterator<AuditEntry> rest = entries.iterator();
        Optional<AuditEntry> first = rest.hasNext() ? Optional.of(rest.next()) : Optional.empty();
        Digest anchor = GENESIS;
        long start = 1;
        if (first.isPresent() && first.get().sequence() > 1) {
            AuditEntry oldest = first.get();
            long cut = oldest.sequence() - 1;
            boolean signedAtCut = signed.stream()
                    .anyMatch(c -> c.sequence() == cut && c.head().equals(oldest.previousHash()));
            if (!signedAtCut) {
                return new Verification.Broken(
                        1,
                        "expected entry 1 but found " + oldest.sequence() + ", and no signed checkpoint at entry " + cut
                                + " shows that the entries before it were pruned");
            }
            anchor = oldest.previousHash();
            start = oldest.sequence();
        }
        long firstKept = start;
        PendingCheckpoints pending = new PendingCheckpoints(
                signed.stream().filter(c -> c.sequence() >= firstKept).iterator());
        Digest cutHash = anchor;
        boolean[] pruningLogged = {start == 1};
        Iterable<AuditEntry> walked = () -> new Iterator<>() {
            private Optional<AuditEntry> head = first;

            @Override
            public boolean hasNext() {
                return head.isPresent() || rest.hasNext();
            }

            @Override
            public AuditEntry next() {
                if (head.isPresent()) {
                    AuditEntry entry = head.get();
                    head = Optional.empty();
                    return entry;
                }
                return rest.next();
            }
        };
        Verification verification = walk(walked, anchor, start, entry -> {
            if (!pruningLogged[0] && recordsPruning(entry, firstKept - 1, cutHash)) {
                pruningLogged[0] = true;
            }
            return pending.brokenAt(entry);
        });
        if (verification instanceof Verification.Intact intact) {
            if (pending.next != null) {
                long expected = firstKept + intact.entries();
                return new Verification.Broken(
                        expected,
                        "the chain ends at entry " + (expected - 1) + " but the checkpoint of " + pending.next.at()
                                + " was signed at entry " + pending.next.sequence()
                                + ": entries were cut from its end");
            }
            if (!pruningLogged[0]) {
                return new Verification.Broken(
                        firstKept,
                        "the entries before it were removed at a signed checkpoint, but no entry of the chain records"
                                + " that pruning");
            }
        }
        return verification;
    }

    private static boolean recordsPruning(AuditEntry entry, long cut, Digest cutHash) {
        return entry.event().action() == AuditAction.AUDIT_PRUNED
                && Long.toString(cut).equals(entry.event().details().get(PRUNED_THROUGH_SEQUENCE))
                && cutHash.hex().equals(entry.event().details().get(PRUNED_THROUGH_HASH));
    }

    /**
     * Walks the links of a chain that starts at {@code firstSequence} after {@code anchor}; at each entry whose link
     * holds, {@code alsoCheck} may still find it broken. Intact counts the entries walked.
     */
    private static Verification walk(
            Iterable<AuditEntry> entries,
            Digest anchor,
            long firstSequence,
            Function<AuditEntry, Optional<Verification.Broken>> alsoCheck) {
        Digest previous = anchor;
        long expected = firstSequence;
        long count = 0;
        for (AuditEntry entry : entries) {
            Optional<Verification.Broken> broken =
                    brokenLink(entry, expected, previous).or(() -> alsoCheck.apply(entry));
            if (broken.isPresent()) {
                return broken.get();
            }
            previous = entry.hash();
            expected++;
            count++;
        }
        return new Verification.Intact(count, previous);
    }

    /** The signed checkpoints, in sequence order, that a walk of the chain has not yet reached. */
    private static final class PendingCheckpoints {
        private final Iterator<AuditCheckpoint> rest;
        private AuditCheckpoint next;

        PendingCheckpoints(Iterator<AuditCheckpoint> sorted) {
            rest = sorted;
            advance();
            while (next != null && next.sequence() == 0) {
                advance(); // a checkpoint of the empty chain holds nothing
            }
        }

        private void advance() {
            next = rest.hasNext() ? rest.next() : null;
        }

        /** Passes the checkpoints signed at {@code entry}, or says which of them it breaks. */
        Optional<Verification.Broken> brokenAt(AuditEntry entry) {
            while (next != null && next.sequence() == entry.sequence()) {
                if (!next.head().equals(entry.hash())) {
                    return Optional.of(new Verification.Broken(
                            entry.sequence(),
                            "its hash is not the one signed in the checkpoint of " + next.at()
                                    + ": the chain was rewritten up to here"));
                }
                advance();
            }
            return Optional.empty();
        }
    }

    private static Optional<Verification.Broken> brokenLink(AuditEntry entry, long expected, Digest previous) {
        if (entry.sequence() != expected) {
            return Optional.of(
                    new Verification.Broken(expected, "expected entry " + expected + " but found " + entry.sequence()));
        }
        if (!entry.previousHash().equals(previous)) {
            return Optional.of(
                    new Verification.Broken(entry.sequence(), "does not point at the hash of the entry before it"));
        }
        if (!hash(entry.sequence(), entry.event(), entry.previousHash()).equals(entry.hash())) {
            return Optional.of(new Verification.Broken(entry.sequence(), "its content does not match its hash"));
        }
        return Optional.empty();
    }

    /** The answer of {@link #verify}. */
    public sealed interface Verification {
        boolean isIntact();

        /** Every entry fits; {@code head} is the hash of the last one. */
        record Intact(long entries, Digest head) implements Verification {
            @Override
            public boolean isIntact() {
                return true;
            }
        }

        /** The chain breaks at entry {@code sequence}, for {@code reason}. */
        record Broken(long sequence, String reason) implements Verification {
            @Override
            public boolean isIntact() {
                return false;
            }
        }
    }
}
