package ai.kaptura.adapter.astria;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.VendorObjects;
import ai.kaptura.ports.out.VendorObjects.Closed;
import ai.kaptura.ports.out.VendorObjects.Entry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the adapter records of its own requests in the shared {@link VendorObjects} store, so that a restarted node, or
 * another one, knows every object Kaptura made at Astria for an order by its id (R14, R27):
 * <ul>
 *   <li>{@value #TUNE_REQUEST}: a tune asked for, by its opaque title, recorded before the request goes out and closed
 *       once the tune is known;</li>
 *   <li>{@value #TUNE}: the tune, by Astria's id, with its title and class word;</li>
 *   <li>{@value #PROMPT_REQUEST}: a prompt asked for, recorded before the request goes out and closed once the prompt is
 *       known, or once a look-up back past the time it was asked shows it was never made;</li>
 *   <li>{@value #PROMPT}: the prompt, by Astria's id, with the tune it lives on and the part of a style it serves;
 *       closed with Astria's 404 for that very id.</li>
 * </ul>
 */
@Implements({Rule.R14, Rule.R27})
final class AstriaRecords {

    static final String VENDOR = AstriaAdapter.PROCESSOR_NAME;
    static final String TUNE_REQUEST = "tune-request";
    static final String TUNE = "tune";
    static final String PROMPT_REQUEST = "prompt-request";
    static final String PROMPT = "prompt";

    /** A tune's note: its opaque title and the class word it was trained as. */
    record TuneNote(String title, String subject) {
        String encode() {
            return "title=" + title + ";subject=" + subject;
        }

        static TuneNote decode(String note) {
            Map<String, String> fields = fields(note);
            return new TuneNote(
                    Objects.requireNonNull(fields.get("title"), "title"), fields.getOrDefault("subject", "person"));
        }
    }

    /** A prompt's note: part {@code part} of {@code parts} of the {@code total} images of {@code style} from {@code model}. */
    record PromptNote(String model, StyleId style, int part, int parts, int total) {
        String encode() {
            return "model=" + model + ";style=" + style.value() + ";part=" + part + ";parts=" + parts + ";total="
                    + total;
        }

        static PromptNote decode(String note) {
            Map<String, String> fields = fields(note);
            return new PromptNote(
                    fields.get("model"),
                    new StyleId(fields.get("style")),
                    Integer.parseInt(fields.get("part")),
                    Integer.parseInt(fields.get("parts")),
                    Integer.parseInt(fields.get("total")));
        }

        static PromptNote of(CallbackTokens.PromptClaim claim) {
            return new PromptNote(claim.model(), claim.style(), claim.part(), claim.parts(), claim.total());
        }

        /** The claim a callback token for this part carries, for {@code order}, valid until {@code expiresAt}. */
        CallbackTokens.PromptClaim claim(OrderId order, Instant expiresAt) {
            return new CallbackTokens.PromptClaim(order, model, style, part, parts, total, expiresAt);
        }

        boolean sameTarget(CallbackTokens.PromptClaim claim) {
            return model.equals(claim.model())
                    && style.equals(claim.style())
                    && part == claim.part()
                    && parts == claim.parts();
        }
    }

    /** A prompt as recorded: Astria's id, the tune it lives on, what it serves, and whether it is known gone. */
    record Placed(String id, String home, OrderId order, PromptNote note, boolean open) {}

    private final VendorObjects store;

    AstriaRecords(VendorObjects store) {
        this.store = Objects.requireNonNull(store, "vendor objects");
    }

    // ---- tunes ----------------------------------------------------------------------------------

    Optional<Entry> tuneRequest(String title) {
        return store.find(VENDOR, TUNE_REQUEST, title);
    }

    void tuneRequested(String title, OrderId order, String subject, Instant at) {
        store.record(Entry.open(VENDOR, TUNE_REQUEST, title, order, "", new TuneNote(title, subject).encode(), at));
    }

    /** Records the tune (and closes the request for its title): answers whether it was new. */
    boolean tune(String tune, String title, OrderId order, String subject, Instant at) {
        boolean fresh =
                store.record(Entry.open(VENDOR, TUNE, tune, order, "", new TuneNote(title, subject).encode(), at));
        store.close(VENDOR, TUNE_REQUEST, title, new Closed(at, "Astria answered with tune " + tune));
        return fresh;
    }

    Optional<Entry> tune(String tune) {
        return store.find(VENDOR, TUNE, tune);
    }

    /** The tune of {@code order} titled {@code title}, if recorded. */
    Optional<String> tuneOf(OrderId order, String title) {
        return store.ofOrder(VENDOR, order).stream()
                .filter(e -> e.kind().equals(TUNE))
                .filter(e -> TuneNote.decode(e.note()).title().equals(title))
                .map(Entry::id)
                .findFirst();
    }

    /** The tunes recorded for {@code order}, with their notes. */
    List<Entry> tunesOf(OrderId order) {
        return store.ofOrder(VENDOR, order).stream()
                .filter(e -> e.kind().equals(TUNE))
                .toList();
    }

    // ---- prompts --------------------------------------------------------------------------------

    void promptRequested(String key, OrderId order, String home, PromptNote note, Instant at) {
        store.record(Entry.open(VENDOR, PROMPT_REQUEST, key, order, home, note.encode(), at));
    }

    /** Records a prompt: answers whether it was new. */
    boolean prompt(String prompt, String home, OrderId order, PromptNote note, Instant at) {
        return store.record(Entry.open(VENDOR, PROMPT, prompt, order, home, note.encode(), at));
    }

    /** Every prompt recorded for model {@code model} of {@code order}, open and closed, oldest first. */
    List<Placed> promptsOf(OrderId order, String model) {
        return store.ofOrder(VENDOR, order).stream()
                .filter(e -> e.kind().equals(PROMPT))
                .map(e -> new Placed(e.id(), e.home(), e.order(), PromptNote.decode(e.note()), e.isOpen()))
                .filter(p -> p.note().model().equals(model))
                .toList();
    }

    /** The prompt requests of model {@code model} of {@code order} not yet settled, oldest first. */
    List<Entry> openPromptRequests(OrderId order, String model) {
        return store.ofOrder(VENDOR, order).stream()
                .filter(e -> e.kind().equals(PROMPT_REQUEST) && e.isOpen())
                .filter(e -> PromptNote.decode(e.note()).model().equals(model))
                .toList();
    }

    boolean close(String kind, String id, Instant at, String evidence) {
        return store.close(VENDOR, kind, id, new Closed(at, evidence));
    }

    private static Map<String, String> fields(String note) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : note.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }
}
