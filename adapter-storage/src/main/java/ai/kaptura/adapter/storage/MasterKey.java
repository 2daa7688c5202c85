package ai.kaptura.adapter.storage;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
            throw new IllegalArgumentException(
                    "KAPTURA_MASTER_KEY must be 32 bytes, base64-encoded (got " + raw.length + " bytes)");
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
                throw new IllegalArgumentException(
                        "KAPTURA_MASTER_KEY is not valid base64 (generate one with: openssl rand -base64 32)");
            }
            return of(raw, false);
        }
        if (production) {
            throw new IllegalArgumentException(
                    "KAPTURA_MASTER_KEY is required in production (KAPTURA_PRODUCTION=true);"
                            + " generate one with: openssl rand -base64 32, and keep it apart from the database and its backups");
        }
        return ofFile(dataDir.resolve(FILE));
    }

    private static MasterKey ofFile(Path file) {
        return of(SecretFile.readOrCreate(file, 32, "The embedded master key"), true);
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
