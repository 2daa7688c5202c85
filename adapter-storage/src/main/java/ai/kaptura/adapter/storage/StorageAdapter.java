package ai.kaptura.adapter.storage;

import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The storage adapter's one public entry: the encrypted photo vault over any jclouds blob store, and the
 * photo sanitiser.
 */
public final class StorageAdapter {

    private StorageAdapter() {
    }

    /**
     * The photo vault.
     *
     * @param provider   {@code KAPTURA_BLOBSTORE}: filesystem (under {@code dataDir}/photos), transient, aws-s3, s3,
     *                   azureblob or google-cloud-storage
     * @param endpoint   {@code KAPTURA_BLOBSTORE_ENDPOINT}, for S3-compatible servers
     * @param identity   {@code KAPTURA_BLOBSTORE_IDENTITY}
     * @param credential {@code KAPTURA_BLOBSTORE_CREDENTIAL}
     * @param container  {@code KAPTURA_BLOBSTORE_CONTAINER} (bucket), created if missing
     * @param masterKey  {@code KAPTURA_MASTER_KEY} (32 bytes, base64); without it, and only outside production, one
     *                   is generated once into {@code dataDir}/master.key
     * @param dataKeys   where the wrapped per-account data keys are kept (the persistence adapter)
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static PhotoVault vault(String provider, Optional<String> endpoint, Optional<String> identity,
                                   Optional<String> credential, String container, Path dataDir, Optional<String> masterKey,
                                   boolean production, DataKeys dataKeys, InstantSource clock) {
        MasterKey master = MasterKey.load(masterKey, dataDir, production);
        return new JcloudsPhotoVault(BlobStores.open(provider, endpoint, identity, credential, dataDir), provider, container,
                new KeyRing(master, dataKeys, clock));
    }

    /**
     * The photo sanitiser: JPEG, PNG and WebP always; HEIC and AVIF when libheif's {@code heif-convert} is given.
     *
     * @param heifConvert {@code KAPTURA_HEIF_CONVERT}, default {@code /usr/bin/heif-convert} when that file exists
     *                    (Debian package {@code libheif-examples}); without it, HEIC photos are refused with a request
     *                    to export them as JPEG
     */
    public static PhotoSanitizer sanitizer(Optional<Path> heifConvert) {
        return new ImageSanitizer(heifConvert);
    }

    /**
     * A random secret of {@code bytes} bytes generated once into {@code file} (base64, owner-only, written whole and
     * linked into place, the first of two racing processes winning), as the embedded master key is; for the other
     * secrets embedded mode generates, such as the callback secret.
     *
     * @param what names the secret in an error, such as "The callback secret"
     */
    public static byte[] secretFile(Path file, int bytes, String what) {
        return SecretFile.readOrCreate(file, bytes, what);
    }
}
