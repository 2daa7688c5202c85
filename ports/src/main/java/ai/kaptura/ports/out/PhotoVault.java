package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypted photo storage (R18). Every object is encrypted under its owner's data key; content is
 * streamed. Selfie bytes come out only against a {@link SelfieReadPermit} that covers them (R1, R17). Its listing lets
 * the vault be reconciled with the rows that account for its photos (R10).
 */
@Implements({Rule.R1, Rule.R10, Rule.R17, Rule.R18})
public interface PhotoVault {

    /** What was stored: the size and SHA-256 of the plain bytes. */
    record Stored(PhotoRef ref, long size, Digest sha256) {}

    /** A photo the vault holds, as its listing shows it: whose it is and when its bytes were last written. */
    record Listed(PhotoRef ref, AccountId owner, Instant storedAt) {
        public Listed {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(storedAt, "storedAt");
        }
    }

    /**
     * Stores already-sanitised bytes for {@code owner} under {@code ref}, encrypting them as they stream.
     * {@code size} is the number of plain bytes the stream holds: knowing it lets the vault stream to
     * any store without buffering; a stream shorter or longer than declared is refused. Nothing partial
     * remains if the stream fails.
     */
    Stored put(AccountId owner, PhotoRef ref, InputStream plainBytes, long size);

    /**
     * Streams a selfie's plain bytes, if {@code permit} covers it.
     *
     * @throws SecurityException if the permit does not cover {@code ref}
     */
    InputStream readSelfie(SelfieReadPermit permit, AccountId owner, PhotoRef ref);

    /**
     * Streams a headshot's plain bytes for its owner.
     *
     * @throws SecurityException if {@code ref} is a selfie: selfie bytes come out only against a permit (R1)
     * @throws java.util.NoSuchElementException if nothing is stored under {@code ref} for that owner
     */
    InputStream readHeadshot(AccountId owner, PhotoRef ref);

    boolean exists(PhotoRef ref);

    /**
     * The photos the vault holds, at most {@code limit}, in the order of their refs' keys, starting after {@code after}
     * (exclusive; empty: from the first). A shorter list is the last. Only Kaptura's photos are listed, never another
     * object the store may hold. For the pass that deletes photos no row accounts for (R10).
     */
    List<Listed> list(Optional<PhotoRef> after, int limit);

    /**
     * Deletes one photo; deleting what is already gone succeeds too. Answers the evidence.
     *
     * @param subject the opaque id the evidence names (the selfie or headshot id)
     */
    DeletionEvidence delete(PhotoRef ref, DataCategory category, String subject, DeletionReason why, Instant now);

    /**
     * Erasure (R18, R27): destroys the owner's data key, so no copy anywhere can be decrypted, and
     * deletes every object of the owner. Answers the evidence for the vault as a location: one entry for
     * the selfies and one for the headshots, each naming the owner's pseudonymous id as its subject and carrying what
     * the store answered and how many objects it removed ({@link DeletionEvidence#answer()}, required of an erased
     * location).
     * Erasing an owner twice, or one with nothing stored, succeeds.
     */
    List<DeletionEvidence> eraseOwner(AccountId owner, Instant now);
}
