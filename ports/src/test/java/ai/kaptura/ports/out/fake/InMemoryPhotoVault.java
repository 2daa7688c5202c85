package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.PhotoVault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The photo vault in memory: bytes per key with their owner. It enforces what the real vault
 * enforces: selfie bytes only against a covering permit, headshots only to their owner, a selfie
 * never through the headshot door, and erasure leaving nothing of the owner readable. Nothing is
 * encrypted here (there is nothing to protect in a test's memory).
 */
public final class InMemoryPhotoVault implements PhotoVault {

    private static final String SELFIE_KIND = "selfie/";

    private record StoredObject(AccountId owner, byte[] bytes, Instant storedAt) {}

    private final Map<PhotoRef, StoredObject> objects = new ConcurrentHashMap<>();
    private final InstantSource clock;

    /** A vault that dates what it stores by the real clock. */
    public InMemoryPhotoVault() {
        this(InstantSource.system());
    }

    /** A vault that dates what it stores by {@code clock}, as an object store dates its objects. */
    public InMemoryPhotoVault(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Stored put(AccountId owner, PhotoRef ref, InputStream plainBytes, long size) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ref, "ref");
        MessageDigest engine = Digest.sha256Engine();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (InputStream in = new DigestInputStream(plainBytes, engine)) {
            in.transferTo(copy);
        } catch (IOException e) {
            // Nothing partial remains: the object is only registered once the whole stream was read.
            throw new UncheckedIOException("Storing " + ref + " failed; nothing was kept", e);
        }
        byte[] bytes = copy.toByteArray();
        if (bytes.length != size) {
            throw new IllegalArgumentException("Storing " + ref + " failed: " + bytes.length + " bytes arrived, " + size
                    + " were declared; nothing was kept");
        }
        objects.compute(ref, (key, existing) -> {
            if (existing != null && !existing.owner().equals(owner)) {
                throw new SecurityException(ref + " belongs to another owner");
            }
            return new StoredObject(owner, bytes, clock.instant());
        });
        return new Stored(ref, bytes.length, Digest.of(engine));
    }

    @Override
    public InputStream readSelfie(SelfieReadPermit permit, AccountId owner, PhotoRef ref) {
        Objects.requireNonNull(permit, "permit");
        if (!permit.covers(ref)) {
            throw new SecurityException(permit + " does not cover " + ref);
        }
        return open(owner, ref);
    }

    @Override
    public InputStream readHeadshot(AccountId owner, PhotoRef ref) {
        if (ref.key().startsWith(SELFIE_KIND)) {
            throw new SecurityException(ref + " is a selfie: selfie bytes come out only against a permit (R1)");
        }
        return open(owner, ref);
    }

    @Override
    public boolean exists(PhotoRef ref) {
        return objects.containsKey(ref);
    }

    @Override
    public List<Listed> list(Optional<PhotoRef> after, int limit) {
        return objects.entrySet().stream()
                .filter(e ->
                        after.map(a -> e.getKey().key().compareTo(a.key()) > 0).orElse(true))
                .sorted(Comparator.comparing(e -> e.getKey().key()))
                .limit(Math.max(limit, 0))
                .map(e -> new Listed(
                        e.getKey(), e.getValue().owner(), e.getValue().storedAt()))
                .toList();
    }

    @Override
    public DeletionEvidence delete(
            PhotoRef ref, DataCategory category, String subject, DeletionReason why, Instant now) {
        StoredObject removed = objects.remove(ref);
        String confirmation = removed != null
                ? "Deleted " + ref + " (" + removed.bytes().length + " bytes) from the in-memory vault"
                : "Nothing stored under " + ref + ": already deleted or never stored";
        return new DeletionEvidence(category, subject, Location.PHOTO_VAULT, now, why, confirmation);
    }

    @Override
    public List<DeletionEvidence> eraseOwner(AccountId owner, Instant now) {
        List<PhotoRef> theirs = objects.entrySet().stream()
                .filter(e -> e.getValue().owner().equals(owner))
                .map(Map.Entry::getKey)
                .toList();
        theirs.forEach(objects::remove);
        long selfies =
                theirs.stream().filter(r -> r.key().startsWith("selfie/")).count();
        return List.of(
                new DeletionEvidence(
                        DataCategory.SELFIE,
                        owner.toString(),
                        Location.PHOTO_VAULT,
                        now,
                        DeletionReason.ACCOUNT_ERASED,
                        "Erased the owner's " + selfies + " selfies from the in-memory vault",
                        new DeletionEvidence.Answer(
                                "in-memory map: " + selfies + " selfie entries removed", (int) selfies)),
                new DeletionEvidence(
                        DataCategory.HEADSHOT,
                        owner.toString(),
                        Location.PHOTO_VAULT,
                        now,
                        DeletionReason.ACCOUNT_ERASED,
                        "Erased the owner's " + (theirs.size() - selfies) + " headshots from the in-memory vault",
                        new DeletionEvidence.Answer(
                                "in-memory map: " + (theirs.size() - selfies) + " headshot entries removed",
                                (int) (theirs.size() - selfies))));
    }

    /** How many objects the vault holds, for tests that check nothing was left behind. */
    public int size() {
        return objects.size();
    }

    /** How many objects belong to {@code owner}. */
    public long countOf(AccountId owner) {
        return objects.values().stream().filter(o -> o.owner().equals(owner)).count();
    }

    private InputStream open(AccountId owner, PhotoRef ref) {
        StoredObject found = objects.get(ref);
        if (found == null) {
            throw new NoSuchElementException("Nothing stored under " + ref);
        }
        if (!found.owner().equals(owner)) {
            throw new SecurityException(ref + " is not stored for " + owner);
        }
        return new ByteArrayInputStream(found.bytes());
    }
}
