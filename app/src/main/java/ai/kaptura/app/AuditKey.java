package ai.kaptura.app;

import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.domain.audit.AuditCheckpoint;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The key that signs the audit chain's checkpoints (R50), which the database never holds: an Ed25519 key pair from the
 * 32-byte seed in {@code KAPTURA_AUDIT_KEY} (base64), or, outside production, from one generated once into
 * {@code <data dir>/audit.key}, readable by its owner only. Production refuses a generated one ({@link Configuration}).
 */
final class AuditKey {

    static final String FILE = "audit.key";

    private AuditKey() {}

    /** Whether {@code text} is a seed: 32 bytes in base64. */
    static boolean isSeed(String text) {
        try {
            return Base64.getDecoder().decode(text.strip()).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static KeyPair load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            if (!isSeed(configured.get())) {
                throw new Configuration.Invalid(
                        List.of("KAPTURA_AUDIT_KEY must be 32 random bytes, base64 (openssl rand -base64 32)"));
            }
            return fromSeed(Base64.getDecoder().decode(configured.get().strip()));
        }
        return fromSeed(StorageAdapter.secretFile(dataDir.resolve(FILE), 32, "The audit key"));
    }

    /** The key pair of {@code seed}: the same seed always gives the same key (RFC 8032's private key is the seed). */
    static KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("An Ed25519 seed is 32 bytes");
        }
        byte[] copy = seed.clone();
        SecureRandom fromSeed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != copy.length) {
                    throw new IllegalStateException("Ed25519 asked for " + bytes.length + " random bytes, not 32");
                }
                System.arraycopy(copy, 0, bytes, 0, copy.length);
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, fromSeed);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no Ed25519", e);
        }
    }

    /** The public key's SHA-256 fingerprint (of its X.509 encoding), for people to compare. */
    static String fingerprint(KeyPair key) {
        return HexFormat.of()
                .formatHex(
                        ai.kaptura.domain.shared.Digest.sha256(key.getPublic().getEncoded())
                                .bytes())
                .substring(0, 32);
    }
}
