package ai.kaptura.adapter.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the files the sandbox keeps (its copies of selfies and the headshots it drew) with AES-256-GCM
 * under a key per model, derived from the configured secret, so a copy of the data directory does not
 * show faces (in the spirit of R18; the sandbox plays a vendor, and deletion of its files is what R14
 * checks). Each file is bound to its model and name: a file moved elsewhere does not open.
 *
 * <p>Layout: a 12-byte random nonce, then the ciphertext with its 16-byte tag.
 */
final class AtRest {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] key;
    private final SecureRandom random;

    AtRest(byte[] key, SecureRandom random) {
        this.key = key.clone();
        this.random = random;
    }

    byte[] seal(String modelId, String name, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, modelId, name, nonce);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK provides AES-GCM", e);
        }
    }

    /**
     * The plain bytes of a sealed file.
     *
     * @throws IllegalStateException if the file was changed, moved, or sealed under another secret
     */
    byte[] open(String modelId, String name, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("A sandbox file is truncated");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(sealed, 0, nonce, 0, NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, modelId, name, nonce)
                    .doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "A sandbox file does not open: changed, moved, or sealed under another secret", e);
        }
    }

    private Cipher cipher(int mode, String modelId, String name, byte[] nonce) throws GeneralSecurityException {
        byte[] modelKey = Signatures.hmac(key, ("model:" + modelId).getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(modelKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((modelId + "/" + name).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
