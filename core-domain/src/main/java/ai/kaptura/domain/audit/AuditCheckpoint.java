package ai.kaptura.domain.audit;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A checkpoint of the audit chain's head (R46, R50): the sequence and hash of its last entry at an instant. Signed with
 * Ed25519 by a key that lives outside the database and kept outside it too, a checkpoint is what makes the chain
 * evidence against whoever can write the database: an edited entry, a chain recomputed after an edit, or a cut tail
 * no longer meets a checkpoint signed before ({@link AuditChain#verifyAnchored}).
 *
 * <p>Signed bytes, version 1: {@code kaptura-audit-checkpoint-v1}, the sequence, the head's hex and the instant
 * (ISO-8601 UTC), each on a line of its own.
 */
@Implements({Rule.R46, Rule.R50})
public record AuditCheckpoint(long sequence, Digest head, Instant at) {

    /** The signature scheme of every checkpoint. */
    public static final String ALGORITHM = "Ed25519";

    private static final String VERSION = "kaptura-audit-checkpoint-v1";

    public AuditCheckpoint {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(at, "at");
        if (sequence < 0) {
            throw new IllegalArgumentException("A checkpoint's sequence is 0 (an empty chain) or more");
        }
    }

    /** The checkpoint of {@code head}, the chain's last entry, at {@code at}. */
    public static AuditCheckpoint of(AuditEntry head, Instant at) {
        return new AuditCheckpoint(head.sequence(), head.hash(), at);
    }

    /** The bytes a signature covers. */
    public byte[] signedBytes() {
        return (VERSION + "\n" + sequence + "\n" + head.hex() + "\n" + at + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** This checkpoint signed with {@code key} (an Ed25519 private key). */
    public Signed sign(PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedBytes());
            return new Signed(this, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("An audit checkpoint is signed with an Ed25519 key", e);
        }
    }

    /** A checkpoint with its signature, as kept outside the database and given to auditors. */
    public record Signed(AuditCheckpoint checkpoint, byte[] signature) {

        public Signed {
            Objects.requireNonNull(checkpoint, "checkpoint");
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** Whether {@code key} (an Ed25519 public key) signed exactly this checkpoint. */
        public boolean verifiedBy(PublicKey key) {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(key);
                verifier.update(checkpoint.signedBytes());
                return verifier.verify(signature);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }

        /** The text form, one line: {@code v1 <sequence> <head hex> <instant> <signature base64>}. */
        public String toText() {
            return "v1 " + checkpoint.sequence() + " " + checkpoint.head().hex() + " " + checkpoint.at() + " "
                    + Base64.getEncoder().encodeToString(signature);
        }

        /**
         * Reads {@link #toText()}'s form.
         *
         * @throws IllegalArgumentException if {@code text} is not one
         */
        public static Signed parse(String text) {
            String[] words = text.strip().split(" ");
            if (words.length != 5 || !words[0].equals("v1")) {
                throw new IllegalArgumentException("Not an audit checkpoint: " + text.strip());
            }
            try {
                return new Signed(
                        new AuditCheckpoint(Long.parseLong(words[1]), new Digest(words[2]), Instant.parse(words[3])),
                        Base64.getDecoder().decode(words[4]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Not an audit checkpoint: " + text.strip(), e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Signed that
                    && checkpoint.equals(that.checkpoint)
                    && Arrays.equals(signature, that.signature);
        }

        @Override
        public int hashCode() {
            return 31 * checkpoint.hashCode() + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "AuditCheckpoint.Signed[" + checkpoint + "]";
        }
    }
}
