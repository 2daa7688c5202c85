package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.biometric.ModelRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's live models in memory, found by id, by the hash of the idempotency key they were trained under, by the
 * nonce of their callback token and by the ids of their images. Not thread-safe: {@link SandboxGenerator} holds its
 * lock around every use, together with the write at rest ({@link ModelStore}) that goes with it.
 */
final class ModelIndex {

    /** Live models by id. */
    private final Map<String, ModelState> models = new HashMap<>();
    /** Every model ever trained here by the hash of its idempotency key (deleted ones too, while running). */
    private final Map<String, ModelRef> byKey = new HashMap<>();
    /** Live models' ids by the nonce of their callback token. */
    private final Map<String, String> byNonce = new HashMap<>();
    /** Live models' ids by image id. */
    private final Map<String, String> images = new HashMap<>();

    private final Set<String> keptDespiteDeletion = new HashSet<>();

    /** Adds a model (a new training, or one loaded at start) under every key it is found by. */
    void register(ModelState state) {
        models.put(state.id(), state);
        byKey.put(state.keyHash(), state.ref());
        byNonce.put(state.tokenNonce(), state.id());
        state.images().forEach(image -> images.put(image, state.id()));
    }

    /** The model trained under the idempotency key of hash {@code keyHash}, even if deleted since. */
    Optional<ModelRef> trainedUnder(String keyHash) {
        return Optional.ofNullable(byKey.get(keyHash));
    }

    /** The live model {@code id}, or null. */
    ModelState get(String id) {
        return models.get(id);
    }

    /** The live model {@code model}; one that is not here is a bug of the caller. */
    ModelState live(ModelRef model) {
        ModelState state = models.get(model.value());
        if (state == null) {
            throw new IllegalStateException("The sandbox has no model " + model);
        }
        return state;
    }

    /** Replaces a model's state by its next one; {@code imageIds} are its new images, if any. */
    void update(ModelState state, List<String> imageIds) {
        models.put(state.id(), state);
        imageIds.forEach(image -> images.put(image, state.id()));
    }

    /** The live model whose callback token has nonce {@code nonce}, or null. */
    ModelState ownerOfNonce(String nonce) {
        String id = byNonce.get(nonce);
        return id == null ? null : models.get(id);
    }

    /** The id of the live model that drew image {@code imageId}, or null. */
    String modelOfImage(String imageId) {
        return images.get(imageId);
    }

    /**
     * Removes a model, unless it is kept despite deletion ({@link #keepDespiteDeletion}); answers whether it is gone
     * from the index (true also for a model that was not there).
     */
    boolean remove(String id) {
        if (keptDespiteDeletion.contains(id) && models.containsKey(id)) {
            return false;
        }
        ModelState gone = models.remove(id);
        if (gone != null) {
            byNonce.remove(gone.tokenNonce());
            gone.images().forEach(images::remove);
        }
        return true;
    }

    /** From now on, model {@code id} survives deletion requests (a test hook: a vendor that acknowledges and keeps). */
    void keepDespiteDeletion(String id) {
        keptDespiteDeletion.add(id);
    }
}
