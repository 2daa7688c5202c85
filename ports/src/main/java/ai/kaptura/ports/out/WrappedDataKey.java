package ai.kaptura.ports.out;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An account's data key, encrypted ("wrapped") under the master key identified by {@code masterKeyId}.
 * Never the key in clear.
 */
public record WrappedDataKey(byte[] wrapped, String masterKeyId, Instant createdAt) {

    public WrappedDataKey {
        Objects.requireNonNull(wrapped, "wrapped key");
        Objects.requireNonNull(masterKeyId, "master key id");
        Objects.requireNonNull(createdAt, "created at");
        if (wrapped.length == 0) {
            throw new IllegalArgumentException("A wrapped key has bytes");
        }
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedDataKey other
                && Arrays.equals(wrapped, other.wrapped)
                && masterKeyId.equals(other.masterKeyId)
                && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(wrapped) + masterKeyId.hashCode();
    }

    @Override
    public String toString() {
        return "WrappedDataKey[" + wrapped.length + " bytes under " + masterKeyId + "]";
    }
}
