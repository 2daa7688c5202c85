package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.shared.Digest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's sealed copies of one model's selfies, as the drawing of headshots reads them: each decrypted and decoded
 * once, when first needed, with a seed taken from its digest so that the same selfie always draws the same portraits.
 */
final class SelfieCopies {

    private final ModelStore store;
    private final String modelId;
    private final List<Optional<BufferedImage>> images = new ArrayList<>();
    private final List<Long> seeds = new ArrayList<>();

    SelfieCopies(ModelStore store, String modelId, int count) {
        this.store = store;
        this.modelId = modelId;
        for (int i = 0; i < count; i++) {
            images.add(null);
            seeds.add(null);
        }
    }

    /** The decoded picture of selfie {@code index}, or empty when it cannot be decoded (it is drawn from anyway). */
    Optional<BufferedImage> image(int index) {
        load(index);
        return images.get(index);
    }

    /** The seed of selfie {@code index}: the first eight bytes of its digest. */
    long seed(int index) {
        load(index);
        return seeds.get(index);
    }

    private void load(int index) {
        if (images.get(index) != null) {
            return;
        }
        byte[] bytes;
        try {
            bytes = store.readSelfie(modelId, index);
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox could not read its copy of a selfie of model " + modelId, e);
        }
        byte[] digest = Digest.sha256(bytes).bytes();
        long seed = 0;
        for (int i = 0; i < 8; i++) {
            seed = seed << 8 | (digest[i] & 0xff);
        }
        seeds.set(index, seed);
        images.set(index, PortraitRenderer.decode(bytes));
    }
}
