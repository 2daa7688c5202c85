package ai.kaptura.ports.out;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.shared.Result;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AI vendor: trains a personal model from selfies, generates headshots from it, deletes it and
 * confirms it is gone (R14). The only exit of selfie bytes (R17): a submission needs the guard's permit.
 * Callbacks and status carry only an opaque order reference, never an email or account id (R37).
 */
public interface HeadshotGenerator {

    /**
     * Where on Kaptura's public address a generator's callbacks arrive: {@code {base}/webhooks/generator/{token}}, the
     * token being the adapter's own ({@link #decodeCallback}). The HTTP adapter routes this path; each generator
     * adapter hands out addresses under it.
     */
    String CALLBACK_PATH = "/webhooks/generator/";

    /**
     * The processor-registry name of the vendor behind this adapter (R33), or empty for an adapter
     * that keeps everything on this machine (sandbox, outbox) and so involves no processor.
     */
    Optional<String> processorName();

    /**
     * The name this adapter's acts are recorded under: the actor of its audit entries and the location in its deletion
     * evidence. The {@link #processorName()} where there is a processor, else the local stand-in's own name.
     */
    String recordedName();

    /** One selfie to upload, read lazily through the vault. */
    record Selfie(String name, Supplier<InputStream> bytes) {}

    /**
     * A training request. {@code idempotencyKey} is the same for every retry of one order, so a
     * retried submission never creates a second model.
     */
    record Training(
            OrderId order, SelfieReadPermit permit, List<Selfie> selfies, String subjectClass, String idempotencyKey) {
        public Training {
            selfies = List.copyOf(selfies);
        }
    }

    /**
     * Submits training; answers the vendor's model reference. The adapter refuses, with a
     * {@link SecurityException} and before reading any byte, a permit that is not for vendor training
     * of this very order (R1, R17).
     */
    ModelRef train(Training training);

    /** Asks for {@code count} headshots in each style from a trained model; asking again for a style adds none. */
    void generate(OrderId order, ModelRef model, List<Style> styles, int count);

    /** Looks up what the vendor has for an order now (for callbacks that never came). */
    List<GeneratorEvent> status(OrderId order, ModelRef model);

    /** Downloads one generated image (the vendor's copy is temporary, R15). */
    InputStream download(String imageLocation);

    /**
     * Asks the vendor to delete the model, its training images and its outputs; asking again is
     * harmless. Answers the vendor's reply in a few words (kept as part of the deletion evidence).
     */
    String requestDeletion(ModelRef model);

    /** The vendor's answer to "is it gone?" (R14). */
    sealed interface DeletionCheck {
        /**
         * The vendor answered that the model is gone.
         *
         * @param confirmation the vendor's answer, such as {@code GET /tunes/42 answered 404 Not Found}
         * @param objects      how many of the vendor's objects it answered for as gone (the model, and each recorded
         *                     prompt or file of it); erasure evidence counts them (R27)
         */
        record Gone(String confirmation, int objects) implements DeletionCheck {
            public Gone {
                java.util.Objects.requireNonNull(confirmation, "confirmation");
                if (objects < 1) {
                    throw new IllegalArgumentException("A model confirmed gone is at least one object");
                }
            }
        }

        record StillThere(String detail) implements DeletionCheck {}
    }

    DeletionCheck verifyDeletion(ModelRef model);

    /** Verifies and decodes a callback: raw bytes and headers in, a domain event or a refusal out. */
    Result<GeneratorEvent> decodeCallback(String token, byte[] body, Map<String, List<String>> headers);
}
