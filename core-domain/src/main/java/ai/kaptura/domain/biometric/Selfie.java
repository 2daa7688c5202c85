package ai.kaptura.domain.biometric;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A selfie is biometric data from the moment it is uploaded (R1). Each stage of its life is its own
 * type, so a selfie that is due for deletion or deleted has no photo to send anywhere.
 *
 * <pre>
 * Stored ──send──▶ SentToVendor
 *   │                  │
 *   └──markForDeletion─┴──▶ PendingDeletion ──deleted(evidence)──▶ Deleted
 * </pre>
 */
@Implements({Rule.R1, Rule.R10})
public sealed interface Selfie permits Selfie.InVault, Selfie.Deleted {

    SelfieId id();

    Instant uploadedAt();

    /** The photo while its bytes still exist in our vault. */
    Optional<PhotoRef> photo();

    /** Checks what a selfie that may still be read or sent carries: its id, its photo, the photo's hash and upload. */
    private static void requireReadablePhoto(SelfieId id, PhotoRef stored, Digest sha256, Instant uploadedAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stored, "photo");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(uploadedAt, "uploaded at");
    }

    /** A selfie whose bytes are still in our vault, under {@link #stored()}. */
    sealed interface InVault extends Selfie permits Stored, SentToVendor, PendingDeletion {
        PhotoRef stored();

        @Override
        default Optional<PhotoRef> photo() {
            return Optional.of(stored());
        }
    }

    default boolean isLive() {
        return this instanceof Stored || this instanceof SentToVendor;
    }

    /**
     * In our vault, in the order's private draft or waiting to be sent.
     *
     * @param bytes the size of the stored (sanitised) photo, which counts against the person's storage quota
     */
    record Stored(SelfieId id, PhotoRef stored, Digest sha256, long bytes, Instant uploadedAt) implements InVault {
        public Stored {
            requireReadablePhoto(id, stored, sha256, uploadedAt);
            if (bytes < 0) {
                throw new DomainViolation("A stored photo has a size of zero bytes or more");
            }
        }

        public SentToVendor send(Instant now) {
            return new SentToVendor(id, stored, sha256, uploadedAt, now);
        }

        public PendingDeletion markForDeletion(DeletionReason why, Instant now) {
            return new PendingDeletion(id, stored, uploadedAt, why, now);
        }
    }

    /** Disclosed to the AI vendor for training; our copy is still in the vault. */
    record SentToVendor(SelfieId id, PhotoRef stored, Digest sha256, Instant uploadedAt, Instant sentAt)
            implements InVault {
        public SentToVendor {
            requireReadablePhoto(id, stored, sha256, uploadedAt);
            Objects.requireNonNull(sentAt, "sent at");
        }

        public PendingDeletion markForDeletion(DeletionReason why, Instant now) {
            return new PendingDeletion(id, stored, uploadedAt, why, now);
        }
    }

    /** Its purpose has ended: nothing may read it; a durable job is deleting its bytes. */
    record PendingDeletion(SelfieId id, PhotoRef stored, Instant uploadedAt, DeletionReason reason, Instant since)
            implements InVault {
        public PendingDeletion {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(stored, "photo");
            Objects.requireNonNull(uploadedAt, "uploaded at");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
        }

        public Deleted deleted(DeletionEvidence evidence) {
            if (evidence.category() != DataCategory.SELFIE
                    || !evidence.subject().equals(id.toString())) {
                throw new DomainViolation("Evidence for " + evidence.category() + " " + evidence.subject()
                        + " cannot close selfie " + id);
            }
            return new Deleted(id, uploadedAt, evidence);
        }
    }

    /** Gone from our vault, with the evidence of when, where and under which rule. */
    record Deleted(SelfieId id, Instant uploadedAt, DeletionEvidence evidence) implements Selfie {
        public Deleted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(uploadedAt, "uploaded at");
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override
        public Optional<PhotoRef> photo() {
            return Optional.empty();
        }
    }
}
