package ai.kaptura.adapter.astria;

import ai.kaptura.domain.order.OrderId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this instance remembers of its own requests: which tune each title became, which prompt serves which
 * part of which style, which creations went unanswered, and which image addresses Astria gave. It is a
 * cache in front of Astria, never the only truth: after a restart the adapter finds the same facts through
 * Astria's title idempotency and the signed tokens in the prompts' callback addresses.
 */
final class Ledger {

    /** A tune this instance created or found: its order, its title, and where its prompts live. */
    record Model(OrderId order, String model, String title, String subjectClass) {
    }

    /** A prompt: the tune it was posted on, and the part of a style it serves. */
    record Placed(String tune, CallbackTokens.PromptClaim claim) {
    }

    /** How many entries of each kind are kept; the oldest go first (Astria still has them). */
    static final int CAPACITY = 100_000;

    private final Map<String, Model> byTitle = bounded();
    private final Map<String, Model> byModel = bounded();
    private final Map<String, Model> byTitleDigest = bounded();
    private final Map<String, Placed> prompts = bounded();
    private final Map<String, Boolean> unanswered = bounded();
    private final Map<String, Boolean> givenImages = bounded();
    private final Object[] titleLocks = new Object[64];

    Ledger() {
        Arrays.setAll(titleLocks, i -> new Object());
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    /** The lock that keeps two threads of this instance from creating the tune of one title at once. */
    Object lockFor(String title) {
        return titleLocks[Math.floorMod(title.hashCode(), titleLocks.length)];
    }

    synchronized Optional<Model> byTitle(String title) {
        return Optional.ofNullable(byTitle.get(title));
    }

    synchronized Optional<Model> byModel(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    /** The model whose title has this digest (as a tune's callback token carries it). */
    synchronized Optional<Model> byTitleDigest(byte[] digest) {
        return Optional.ofNullable(byTitleDigest.get(HexFormat.of().formatHex(digest)));
    }

    synchronized void remember(Model model) {
        byTitle.put(model.title(), model);
        byModel.put(model.model(), model);
        byTitleDigest.put(HexFormat.of().formatHex(CallbackTokens.digest(model.title())), model);
        unanswered.remove(model.title());
    }

    synchronized void unanswered(String title) {
        unanswered.put(title, Boolean.TRUE);
    }

    synchronized boolean wasUnanswered(String title) {
        return unanswered.containsKey(title);
    }

    synchronized void prompt(String promptId, Placed placed) {
        prompts.put(promptId, placed);
    }

    synchronized Optional<Placed> prompt(String promptId) {
        return Optional.ofNullable(prompts.get(promptId));
    }

    synchronized Map<String, Placed> promptsOf(String model) {
        Map<String, Placed> of = new LinkedHashMap<>();
        prompts.forEach((id, placed) -> {
            if (placed.claim().model().equals(model)) {
                of.put(id, placed);
            }
        });
        return of;
    }

    synchronized void forgetPrompt(String promptId) {
        prompts.remove(promptId);
    }

    synchronized void given(Iterable<String> images) {
        images.forEach(image -> givenImages.put(image, Boolean.TRUE));
    }

    synchronized boolean wasGiven(String image) {
        return givenImages.containsKey(image);
    }
}
