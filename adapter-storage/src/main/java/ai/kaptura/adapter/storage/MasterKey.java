package ai.kaptura.adapter.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every account's data key (R18). It comes from {@code KAPTURA_MASTER_KEY} (32 random
 * bytes, base64). In embedded mode, without that variable, one is generated once into the data dir
 * ({@code master.key}, readable by its owner only); in production a missing or generated key is refused.
 *
 * @param id a short fingerprint stored beside every wrapped key, so a key wrapped under another master key
 *           is recognised as such instead of failing obscurely
 */
record MasterKey(SecretKey key, String id, boolean generated) {

    static final String FILE = "master.key";

    static MasterKey of(byte[] raw, boolean generated) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("KAPTURA_MASTER_KEY must be 32 bytes, base64-encoded (got " + raw.length + " bytes)");
        }
        return new MasterKey(new SecretKeySpec(raw, "AES"), fingerprint(raw), generated);
    }

    /**
     * The master key from {@code configured} (base64), else (outside production) the one in the data dir,
     * generated on first use.
     */
    static MasterKey load(Optional<String> configured, Path dataDir, boolean production) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(configured.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("KAPTURA_MASTER_KEY is not valid base64 (generate one with: openssl rand -base64 32)");
            }
            return of(raw, false);
        }
        if (production) {
            throw new IllegalArgumentException("KAPTURA_MASTER_KEY is required in production (KAPTURA_PRODUCTION=true);"
                    + " generate one with: openssl rand -base64 32, and keep it apart from the database and its backups");
        }
        return ofFile(dataDir.resolve(FILE));
    }

    private static MasterKey ofFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                // Written whole into a private temporary file, then linked into place: a reader never sees a
                // half-written key, the key is never readable by others, and a second process racing this one
                // keeps the first key linked (createLink fails when the name exists).
                Path temp = privateTempFile(file.getParent());
                try {
                    Files.writeString(temp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                    link(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // Another process generated it first: use theirs.
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return of(raw, true);
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded master key " + file + " cannot be read or created", e);
        }
    }

    private static void link(Path file, Path temp) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (UnsupportedOperationException noHardLinks) {
            Files.move(temp, file); // refuses, too, when the name exists
        }
    }

    private static Path privateTempFile(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".master.key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the data dir's own permissions protect it.
            return Files.createTempFile(dir, ".master.key", ".tmp");
        }
    }

    private static String fingerprint(byte[] raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return "mk-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + (generated ? ", generated" : "") + "]";
    }
}
