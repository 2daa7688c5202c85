package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.shared.IdSupplier;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Predictable ids: the n-th call answers {@link #nth(long) nth(n)}, which reads
 * {@code 00000000-0000-4000-8000-00000000000n} (n in hex), a well-formed version-4 UUID shape.
 * Thread-safe.
 */
public final class SequentialIds implements IdSupplier {

    private final AtomicLong issued;

    /** The first id answered is {@code nth(1)}. */
    public SequentialIds() {
        this(1);
    }

    /** The first id answered is {@code nth(first)}. */
    public SequentialIds(long first) {
        if (first < 1) {
            throw new IllegalArgumentException("Sequential ids start at 1 or later");
        }
        this.issued = new AtomicLong(first - 1);
    }

    @Override
    public UUID next() {
        return nth(issued.incrementAndGet());
    }

    /** The id the n-th call answers (n from 1), for expectations in tests. */
    public static UUID nth(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("Sequential ids are numbered from 1");
        }
        return new UUID(0x0000_0000_0000_4000L, 0x8000_0000_0000_0000L | n);
    }

    /** The id the next call will answer, without using it. */
    public UUID peek() {
        return nth(issued.get() + 1);
    }

    /** The number of the last id answered (0 before the first call when started at 1). */
    public long lastIssued() {
        return issued.get();
    }
}
