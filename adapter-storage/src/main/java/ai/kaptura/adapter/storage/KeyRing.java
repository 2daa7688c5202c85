package ai.kaptura.adapter.storage;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.WrappedDataKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption (R18): each account has its own AES-256 data key, stored only wrapped (AES-GCM under
 * the master key, bound to the account id) through the {@link DataKeys} port. Destroying the wrapped key
 * is crypto-shredding: every object sealed under it, in the store and in any backup, stays unreadable.
 */
final class KeyRing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey master;
    private final DataKeys keys;
    private final InstantSource clock;

    KeyRing(MasterKey master, DataKeys keys, InstantSource clock) {
        this.master = master;
        this.keys = keys;
        this.clock = clock;
    }

    /** The account's data key, made (once, even under races) if it has none yet. */
    SecretKey forWriting(AccountId account) {
        Optional<WrappedDataKey> existing = keys.find(account);
        if (existing.isPresent()) {
            return unwrap(account, existing.get());
        }
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        WrappedDataKey stored = keys.saveIfAbsent(account, wrap(account, fresh));
        Arrays.fill(fresh, (byte) 0);
        return unwrap(account, stored);
    }

    /** The account's data key for reading. */
    SecretKey forReading(AccountId account) {
        return unwrap(account, keys.find(account).orElseThrow(() -> new CryptoShredded(account)));
    }

    /** Destroys the account's data key; answers whether there was one. */
    boolean shred(AccountId account) {
        return keys.destroy(account);
    }

    String masterKeyId() {
        return master.id();
    }

    private WrappedDataKey wrap(AccountId account, byte[] dataKey) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, master.key(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(boundTo(account));
            byte[] sealed = cipher.doFinal(dataKey);
            return new WrappedDataKey(
                    ByteBuffer.allocate(12 + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array(),
                    master.id(),
                    clock.instant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Wrapping a data key failed", e);
        }
    }

    private SecretKey unwrap(AccountId account, WrappedDataKey wrapped) {
        if (!wrapped.masterKeyId().equals(master.id())) {
            throw new WrongMasterKey(account, wrapped.masterKeyId(), master.id());
        }
        byte[] bytes = wrapped.wrapped();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, master.key(), new GCMParameterSpec(128, bytes, 0, 12));
            cipher.updateAAD(boundTo(account));
            return new SecretKeySpec(cipher.doFinal(bytes, 12, bytes.length - 12), "AES");
        } catch (GeneralSecurityException e) {
            throw new WrongMasterKey(account, wrapped.masterKeyId(), master.id());
        }
    }

    private static byte[] boundTo(AccountId account) {
        return ("kaptura-data-key:" + account).getBytes(StandardCharsets.UTF_8);
    }

    /** The account's data key is gone: its photos cannot be decrypted by anyone, ever (R18). */
    static final class CryptoShredded extends IllegalStateException {
        CryptoShredded(AccountId account) {
            super("The photos of account " + account + " cannot be read: its data key was destroyed (crypto-shredded)");
        }
    }

    /** The data key was wrapped under another master key, or its wrapping was altered. */
    static final class WrongMasterKey extends IllegalStateException {
        WrongMasterKey(AccountId account, String wrappedUnder, String current) {
            super("The data key of account " + account + " cannot be unwrapped: it was wrapped under master key "
                    + wrappedUnder + " and the configured one is " + current
                    + " (check KAPTURA_MASTER_KEY), or the stored key was altered");
        }
    }
}
