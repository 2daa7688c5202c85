package ai.kaptura.adapter.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sandbox's own files, under {@code <workDir>/models/<model id>/}: {@code model.json} (the
 * {@link ModelState}), {@code selfies/NN.bin} (its sealed copies of the training selfies) and
 * {@code headshots/<image id>.bin} (the sealed images it drew). Nothing else is kept, and nothing of a
 * model outside its directory, so deleting the directory deletes the model (R14).
 *
 * <p>A training is written into {@code .incoming-<model id>/} and moved into place whole; a leftover
 * incoming directory (a crash mid-training) is removed when the sandbox starts.
 */
final class ModelStore {

    private static final System.Logger LOG = System.getLogger(ModelStore.class.getName());
    private static final Pattern MODEL_ID = Pattern.compile("sbx-[0-9a-f]{24}");
    private static final Pattern IMAGE_ID = Pattern.compile("img-[0-9a-f]{32}");
    private static final String INCOMING = ".incoming-";
    private static final String RECORD = "model.json";
    private static final String SELFIES = "selfies";
    private static final String HEADSHOTS = "headshots";

    /** What a deletion removed. */
    record Removed(int selfies, int headshots, int files) {}

    private final Path root;
    private final AtRest atRest;

    ModelStore(Path workDir, AtRest atRest) {
        this.root = workDir.resolve("models");
        this.atRest = atRest;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox cannot create its directory " + root, e);
        }
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

    // ---- a training being written ----------------------------------------------------------------

    /** Reads one selfie of a training, whole, as it is kept. */
    @FunctionalInterface
    interface SelfieSource {
        byte[] read(int index) throws IOException;
    }

    /**
     * Keeps a new training at rest, all or nothing: its {@code count} selfies, each sealed, then {@code state}'s record,
     * staged and moved into place at once. A failure leaves nothing (the staging is removed) and is thrown.
     */
    void keepNew(ModelState state, int count, SelfieSource selfies) throws IOException {
        String modelId = requireModelId(state.id());
        Path staging = root.resolve(INCOMING + modelId);
        try {
            Files.createDirectories(staging.resolve(SELFIES));
            for (int index = 0; index < count; index++) {
                String name = selfieName(index);
                Files.write(
                        staging.resolve(SELFIES).resolve(name),
                        atRest.seal(modelId, SELFIES + "/" + name, selfies.read(index)));
            }
            Files.write(staging.resolve(RECORD), Json.bytes(state.toJson()));
            Files.move(staging, dir(modelId), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            abandon(staging);
            throw e;
        }
    }

    /** Removes a staged training that will not be committed; never throws. */
    private void abandon(Path staging) {
        try {
            removeTree(staging);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Sandbox: an unfinished training's files could not be removed ("
                            + e.getClass().getSimpleName() + "); they are removed when the sandbox next starts");
        }
    }

    // ---- a stored model --------------------------------------------------------------------------

    /** Replaces the model's record, atomically. */
    void save(ModelState state) {
        Path dir = dir(state.id());
        Path temporary = dir.resolve(RECORD + ".tmp");
        try {
            Files.write(temporary, Json.bytes(state.toJson()));
            Files.move(
                    temporary,
                    dir.resolve(RECORD),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox could not save the record of model " + state.id(), e);
        }
    }

    byte[] readSelfie(String modelId, int index) throws IOException {
        String name = selfieName(index);
        return atRest.open(
                modelId,
                SELFIES + "/" + name,
                Files.readAllBytes(dir(modelId).resolve(SELFIES).resolve(name)));
    }

    void writeHeadshot(String modelId, String imageId, byte[] image) throws IOException {
        String name = requireImageId(imageId) + ".bin";
        Path headshots = Files.createDirectories(dir(modelId).resolve(HEADSHOTS));
        Path temporary = headshots.resolve(name + ".tmp");
        Files.write(temporary, atRest.seal(modelId, HEADSHOTS + "/" + name, image));
        Files.move(temporary, headshots.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    byte[] readHeadshot(String modelId, String imageId) throws IOException {
        String name = requireImageId(imageId) + ".bin";
        return atRest.open(
                modelId,
                HEADSHOTS + "/" + name,
                Files.readAllBytes(dir(modelId).resolve(HEADSHOTS).resolve(name)));
    }

    /** Deletes every file of the model, staged or stored. */
    Removed delete(String modelId) throws IOException {
        int[] counts = new int[3];
        for (Path tree : List.of(dir(modelId), root.resolve(INCOMING + modelId))) {
            if (!Files.exists(tree)) {
                continue;
            }
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String parent = file.getParent().getFileName().toString();
                    counts[0] += parent.equals(SELFIES) ? 1 : 0;
                    counts[1] += parent.equals(HEADSHOTS) && !file.toString().endsWith(".tmp") ? 1 : 0;
                    counts[2]++;
                    return FileVisitResult.CONTINUE;
                }
            });
            removeTree(tree);
        }
        return new Removed(counts[0], counts[1], counts[2]);
    }

    /** Whether any file of the model is left, staged or stored. */
    boolean holdsAnything(String modelId) {
        return Files.exists(dir(modelId)) || Files.exists(root.resolve(INCOMING + modelId));
    }

    /** Every stored model; removes unfinished trainings; a record it cannot read is left alone and reported. */
    List<ModelState> loadAll() {
        List<ModelState> states = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(INCOMING)) {
                    abandon(entry);
                } else if (isModelId(name)) {
                    load(entry).ifPresent(states::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox cannot read its directory " + root, e);
        }
        return states;
    }

    private Optional<ModelState> load(Path dir) {
        try {
            byte[] record = Files.readAllBytes(dir.resolve(RECORD));
            ModelState state = ModelState.fromJson(Json.readObject(record).orElse(null));
            if (!state.id().equals(dir.getFileName().toString())) {
                throw new IllegalArgumentException("The record names another model");
            }
            return Optional.of(state);
        } catch (IOException | RuntimeException e) {
            String name = dir.getFileName().toString();
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Sandbox: the record of model " + name + " cannot be read ("
                            + e.getClass().getSimpleName() + "); its files stay until its deletion is requested");
            return Optional.empty();
        }
    }

    private Path dir(String modelId) {
        return root.resolve(requireModelId(modelId));
    }

    private static String selfieName(int index) {
        return String.format("%02d.bin", index);
    }

    private static void removeTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
