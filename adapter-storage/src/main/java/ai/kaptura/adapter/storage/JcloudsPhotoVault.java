package ai.kaptura.adapter.storage;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.PhotoVault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * {@link PhotoVault} over a jclouds blob store. Every object is sealed with {@link SegmentedGcm} under its
 * owner's data key as it streams in, and verified segment by segment as it streams out (R18). Object names
 * are the photo refs: a kind and opaque ids, nothing about the person (R37). Selfie bytes come out only
 * against a permit that covers them (R1, R17). Erasing an owner destroys the data key first, so even a
 * copy the deletion misses (a backup, a replica) is unreadable, and then deletes every object too.
 */
final class JcloudsPhotoVault implements PhotoVault {

    private final BlobStoreContext context;
    private final BlobStore store;
    private final String container;
    private final String provider;
    private final KeyRing keys;

    JcloudsPhotoVault(BlobStoreContext context, String provider, String container, KeyRing keys) {
        this.context = context;
        this.store = context.getBlobStore();
        this.provider = provider;
        this.container = container;
        this.keys = keys;
        store.createContainerInLocation(null, container);
    }

    @Override
    public Stored put(AccountId owner, PhotoRef ref, InputStream plainBytes, long size) {
        requireOwner(owner, ref);
        SecretKey key = keys.forWriting(owner);
        MessageDigest sha = Digest.sha256Engine();
        try (InputStream sealed = SegmentedGcm.seal(new DigestInputStream(plainBytes, sha), size, key, ref.key())) {
            Blob blob = store.blobBuilder(ref.key())
                    .payload(sealed)
                    .contentLength(SegmentedGcm.sealedSize(size))
                    .contentType("application/octet-stream")
                    .build();
            store.putBlob(container, blob);
        } catch (IOException | RuntimeException e) {
            removeQuietly(ref);
            throw new UncheckedIOException(
                    "Storing " + ref + " failed; nothing was kept",
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
        return new Stored(ref, size, Digest.of(sha));
    }

    @Override
    public InputStream readSelfie(SelfieReadPermit permit, AccountId owner, PhotoRef ref) {
        if (!ref.key().startsWith("selfie/") || !permit.covers(ref)) {
            throw new SecurityException("Selfie " + ref + " is not covered by " + permit + " (R1, R17)");
        }
        return open(owner, ref);
    }

    @Override
    public InputStream readHeadshot(AccountId owner, PhotoRef ref) {
        if (!ref.key().startsWith("headshot/")) {
            throw new SecurityException(ref + " is not a headshot; selfie bytes come out only against a permit (R1)");
        }
        return open(owner, ref);
    }

    private InputStream open(AccountId owner, PhotoRef ref) {
        requireOwner(owner, ref);
        SecretKey key = keys.forReading(owner);
        Blob blob = store.getBlob(container, ref.key());
        if (blob == null) {
            throw new NoSuchElementException("Nothing is stored under " + ref);
        }
        try {
            return SegmentedGcm.open(blob.getPayload().openStream(), key, ref.key());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + ref + " failed", e);
        }
    }

    @Override
    public boolean exists(PhotoRef ref) {
        return store.blobExists(container, ref.key());
    }

    /**
     * The store's own listing, page by page, in key order; an object whose name is not {@code kind/owner/id} is not a
     * Kaptura photo and is never listed, and neither is one the store cannot date (then nothing may judge its age).
     */
    @Override
    public List<Listed> list(Optional<PhotoRef> after, int limit) {
        List<Listed> found = new ArrayList<>();
        String marker = after.map(PhotoRef::key).orElse(null);
        while (found.size() < limit) {
            ListContainerOptions options =
                    ListContainerOptions.Builder.recursive().maxResults(Math.min(1000, limit - found.size()));
            if (marker != null) {
                options = options.afterMarker(marker);
            }
            PageSet<? extends StorageMetadata> page = store.list(container, options);
            for (StorageMetadata item : page) {
                if (found.size() == limit) {
                    break;
                }
                if (item.getType() == StorageType.BLOB) {
                    photo(item).ifPresent(found::add);
                }
                marker = item.getName();
            }
            if (page.getNextMarker() == null) {
                break;
            }
            marker = page.getNextMarker();
        }
        found.sort(Comparator.comparing(l -> l.ref().key()));
        return found;
    }

    private Optional<Listed> photo(StorageMetadata item) {
        String[] parts = item.getName().split("/");
        if (parts.length != 3
                || !(parts[0].equals("selfie") || parts[0].equals("headshot"))
                || !isUuid(parts[1])
                || !isUuid(parts[2])) {
            return Optional.empty();
        }
        Date modified = item.getLastModified();
        if (modified == null) {
            BlobMetadata metadata = store.blobMetadata(container, item.getName());
            modified = metadata == null ? null : metadata.getLastModified();
        }
        return modified == null
                ? Optional.empty()
                : Optional.of(
                        new Listed(new PhotoRef(item.getName()), AccountId.parse(parts[1]), modified.toInstant()));
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public DeletionEvidence delete(
            PhotoRef ref, DataCategory category, String subject, DeletionReason why, Instant now) {
        boolean existed = store.blobExists(container, ref.key());
        store.removeBlob(container, ref.key());
        if (store.blobExists(container, ref.key())) {
            throw new IllegalStateException(ref + " is still in the " + provider + " store after removal");
        }
        return new DeletionEvidence(
                category,
                subject,
                Location.PHOTO_VAULT,
                now,
                why,
                (existed ? "removed " : "already absent: ") + ref + " from the " + provider + " store");
    }

    @Override
    public List<DeletionEvidence> eraseOwner(AccountId owner, Instant now) {
        boolean hadKey = keys.shred(owner);
        String shred = hadKey ? "data key destroyed (crypto-shredded)" : "no data key existed";
        int selfies = removeAll("selfie/" + owner);
        int headshots = removeAll("headshot/" + owner);
        return List.of(
                new DeletionEvidence(
                        DataCategory.SELFIE,
                        owner.toString(),
                        Location.PHOTO_VAULT,
                        now,
                        DeletionReason.ACCOUNT_ERASED,
                        shred + "; " + selfies + " selfie objects removed from the " + provider + " store",
                        new DeletionEvidence.Answer(answer("selfie/", selfies), selfies)),
                new DeletionEvidence(
                        DataCategory.HEADSHOT,
                        owner.toString(),
                        Location.PHOTO_VAULT,
                        now,
                        DeletionReason.ACCOUNT_ERASED,
                        shred + "; " + headshots + " headshot objects removed from the " + provider + " store",
                        new DeletionEvidence.Answer(answer("headshot/", headshots), headshots)));
    }

    /** What the store answered for one kind of the owner's objects: each removal, then an empty listing. */
    private String answer(String kind, int removed) {
        return provider + ": removeBlob done for " + removed + (removed == 1 ? " object" : " objects") + " under "
                + kind + "<owner>/; listing it again answered no object";
    }

    /** Removes every object under {@code directory}; answers how many there were. */
    private int removeAll(String directory) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            ListContainerOptions options =
                    ListContainerOptions.Builder.inDirectory(directory).recursive();
            if (marker != null) {
                options = options.afterMarker(marker);
            }
            PageSet<? extends StorageMetadata> page = store.list(container, options);
            for (StorageMetadata item : page) {
                if (item.getType() == StorageType.BLOB) {
                    names.add(item.getName());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        names.forEach(name -> store.removeBlob(container, name));
        if (store
                .list(
                        container,
                        ListContainerOptions.Builder.inDirectory(directory).recursive())
                .stream()
                .anyMatch(item -> item.getType() == StorageType.BLOB)) {
            throw new IllegalStateException(
                    "objects under " + directory + " remain in the " + provider + " store after removal");
        }
        return names.size();
    }

    private void removeQuietly(PhotoRef ref) {
        try {
            store.removeBlob(container, ref.key());
        } catch (RuntimeException ignored) {
            // The store is failing already; the failure that brought us here is what the caller needs.
        }
    }

    /** Object names are {@code kind/owner/id}: a ref of another owner is refused, whatever the caller thinks. */
    private static void requireOwner(AccountId owner, PhotoRef ref) {
        String[] parts = ref.key().split("/");
        if (parts.length != 3 || !parts[1].equals(owner.toString())) {
            throw new SecurityException(ref + " does not belong to account " + owner);
        }
    }

    void close() {
        context.close();
    }
}
