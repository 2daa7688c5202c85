package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.SandboxRecords;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The sandbox generator's books in the shared {@link SandboxRecords}, as every node sees them: one record per model
 * (kind {@value #MODEL}: its {@link ModelState} as JSON, with the time its next step is due), the look-ups that find it
 * (by the hash of the training's idempotency key, {@value #KEY}, and by the nonce of its callback token,
 * {@value #NONCE}), and its sealed files: {@code <model id>/selfies/NN} (its copies of the training selfies) and
 * {@code img-…} (the headshots it drew). Everything of a model is owned by its id, so deleting the owner deletes the
 * model (R14). A change is a compare-and-set on the version read, tried again on a race with another node.
 */
final class ModelStore {

    static final String MODEL = "model";
    static final String KEY = "model-key";
    static final String NONCE = "model-nonce";

    private static final Pattern MODEL_ID = Pattern.compile("sbx-[0-9a-f]{24}");
    private static final Pattern IMAGE_ID = Pattern.compile("img-[0-9a-f]{32}");
    private static final String SELFIES = "selfies";
    private static final String HEADSHOTS = "headshots";

    /** What a deletion removed. */
    record Removed(int selfies, int headshots, int files) {}

    /** A model as read, with the version a change starts from. */
    record Versioned(ModelState state, long version, Optional<Instant> dueAt) {}

    private final SandboxRecords records;
    private final AtRest atRest;

    ModelStore(SandboxRecords records, AtRest atRest) {
        this.records = records;
        this.atRest = atRest;
    }

    static boolean isModelId(String id) {
        return id != null && MODEL_ID.matcher(id).matches();
    }

    static boolean isImageId(String id) {
        return id != null && IMAGE_ID.matcher(id).matches();
    }

    static String requireModelId(String id) {
        if (!isModelId(id)) {
            throw new IllegalArgumentException("Not a sandbox model id");
        }
        return id;
    }

    static String requireImageId(String id) {
        if (!isImageId(id)) {
            throw new IllegalArgumentException("Not a sandbox image id");
        }
        return id;
    }

    SandboxRecords records() {
        return records;
    }

    // ---- a new training ---------------------------------------------------------------------------

    /** Reads one selfie of a training, whole, as it is kept. */
    @FunctionalInterface
    interface SelfieSource {
        byte[] read(int index) throws IOException;
    }

    /**
     * Keeps a new training, all or nothing: its {@code count} selfies, each sealed, then {@code state}'s record (due at
     * {@code dueAt}) and the look-up of its callback token. A failure leaves nothing and is thrown.
     */
    void keepNew(ModelState state, int count, SelfieSource selfies, Optional<Instant> dueAt) throws IOException {
        String modelId = requireModelId(state.id());
        try {
            for (int index = 0; index < count; index++) {
                String name = selfieName(index);
                records.putBlob(
                        modelId + "/" + SELFIES + "/" + name,
                        modelId,
                        atRest.seal(modelId, SELFIES + "/" + name + ".bin", selfies.read(index)));
            }
            records.insert(NONCE, state.tokenNonce(), modelId, modelId, Optional.empty());
            if (!records.insert(MODEL, modelId, modelId, text(state), dueAt)) {
                throw new IllegalStateException("A sandbox model id was drawn twice");
            }
        } catch (IOException | RuntimeException e) {
            abandon(modelId);
            throw e;
        }
    }

    /**
     * Records that the training of idempotency key hash {@code keyHash} is {@code model}: answers the model that holds the
     * key, this one or one another node recorded first.
     */
    ModelRef claimKey(String keyHash, ModelRef model) {
        if (records.insert(KEY, keyHash, model.value(), model.value(), Optional.empty())) {
            return model;
        }
        return trainedUnder(keyHash).orElse(model);
    }

    /** The model trained under the idempotency key of hash {@code keyHash}, while it is kept. */
    Optional<ModelRef> trainedUnder(String keyHash) {
        return records.find(KEY, keyHash).map(entry -> new ModelRef(entry.body()));
    }

    /** Removes what was kept of a model that will not be used; never throws. */
    void abandon(String modelId) {
        try {
            records.deleteOwned(modelId);
        } catch (RuntimeException e) {
            System.getLogger(ModelStore.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            () -> "Sandbox: an unfinished training's records could not be removed ("
                                    + e.getClass().getSimpleName() + "); its deletion removes them");
        }
    }

    // ---- a stored model ---------------------------------------------------------------------------

    Optional<Versioned> get(String id) {
        if (!isModelId(id)) {
            return Optional.empty();
        }
        return records.find(MODEL, id)
                .map(entry -> new Versioned(
                        ModelState.fromJson(
                                Json.readObject(entry.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                        .orElse(null)),
                        entry.version(),
                        entry.dueAt()));
    }

    Optional<ModelState> state(String id) {
        return get(id).map(Versioned::state);
    }

    /**
     * Changes model {@code id} by {@code change}, its next step due at what {@code due} answers of the new state, by a
     * compare-and-set tried again until no other node changed it meanwhile; answers the new state, or empty if the
     * model is gone. A change that alters nothing (neither the state nor its due time) writes nothing.
     */
    Optional<ModelState> update(
            String id, UnaryOperator<ModelState> change, Function<ModelState, Optional<Instant>> due) {
        while (true) {
            Optional<Versioned> read = get(id);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            ModelState next = change.apply(read.get().state());
            Optional<Instant> nextDue = due.apply(next).map(at -> at.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            if (next.equals(read.get().state()) && nextDue.equals(read.get().dueAt())) {
                return Optional.of(next);
            }
            if (records.replace(MODEL, id, read.get().version(), text(next), nextDue)) {
                return Optional.of(next);
            }
        }
    }

    /** The id of the live model whose callback token has nonce {@code nonce}. */
    Optional<String> ownerOfNonce(String nonce) {
        return records.find(NONCE, nonce).map(SandboxRecords.Entry::body);
    }

    byte[] readSelfie(String modelId, int index) throws IOException {
        String name = selfieName(index);
        byte[] sealed = records.blob(modelId + "/" + SELFIES + "/" + name)
                .orElseThrow(
                        () -> new IOException("The sandbox's copy of a selfie of model " + modelId + " is missing"))
                .bytes();
        return atRest.open(modelId, SELFIES + "/" + name + ".bin", sealed);
    }

    void writeHeadshot(String modelId, String imageId, byte[] image) {
        records.putBlob(
                requireImageId(imageId), modelId, atRest.seal(modelId, HEADSHOTS + "/" + imageId + ".bin", image));
    }

    /**
     * The image {@code imageId} drawn for a live model.
     *
     * @throws NoSuchElementException if there is none (or no longer)
     */
    byte[] readHeadshot(String imageId) {
        SandboxRecords.Blob blob = records.blob(requireImageId(imageId))
                .orElseThrow(() -> new NoSuchElementException("No image " + imageId));
        ModelState owner = state(blob.owner()).orElseThrow(() -> new NoSuchElementException("No image " + imageId));
        if (!owner.images().contains(imageId)) {
            throw new NoSuchElementException("No image " + imageId);
        }
        return atRest.open(owner.id(), HEADSHOTS + "/" + imageId + ".bin", blob.bytes());
    }

    /** Deletes every record and file of the model. */
    Removed delete(String modelId) {
        List<String> names = records.blobNames(requireModelId(modelId));
        int selfies = (int)
                names.stream().filter(n -> n.contains("/" + SELFIES + "/")).count();
        SandboxRecords.Removed removed = records.deleteOwned(modelId);
        return new Removed(selfies, removed.blobs() - selfies, removed.blobs() + removed.records());
    }

    /** Whether any record or file of the model is left. */
    boolean holdsAnything(String modelId) {
        return records.holdsAnything(modelId);
    }

    /** The ids of every model kept. */
    List<String> ids() {
        return records.ids(MODEL);
    }

    private static String text(ModelState state) {
        return new String(Json.bytes(state.toJson()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String selfieName(int index) {
        return String.format("%02d", index);
    }
}
