package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Astria's lists, read only to find a creation whose answer never came: newest first, page after page
 * ({@code before_id}), back to {@link #LOOK_BACK} before the time it was asked (for a clock at Astria that differs from
 * ours), never by {@code offset}, which Astria refuses past 200 tunes. A list that is gone (404) is an empty one.
 */
final class AstriaLookUps {

    /** How much earlier than a creation was asked a look-up for it reads back: for a clock at Astria that differs from ours. */
    static final Duration LOOK_BACK = Duration.ofMinutes(15);
    /** Pages a look-up reads at most: only objects without a creation time could ever make it read that far. */
    static final int MAX_PAGES = 5_000;

    private static final System.Logger LOG = System.getLogger(AstriaGenerator.class.getName());

    /** What a look-up through a list found, and whether it read everything it had to (back past its time, or to the end). */
    record LookUp<T>(List<T> matches, boolean complete, int read) {
        Optional<T> found() {
            return matches.stream().findFirst();
        }
    }

    private final AstriaApi api;

    AstriaLookUps(AstriaApi api) {
        this.api = api;
    }

    /**
     * The account's newest tune whose title {@code titled} accepts, read newest first back to {@link #LOOK_BACK} before
     * {@code since}.
     */
    LookUp<AstriaJson.Tune> tune(Predicate<String> titled, Instant since) {
        return lookUp(
                "look the tune up by its title",
                before -> before == null ? api.tunes(AstriaApi.PAGE) : api.tunesBefore(before, AstriaApi.PAGE),
                AstriaJson.Tune::of,
                AstriaJson.Tune::id,
                AstriaJson.Tune::createdAt,
                tune -> tune.title().filter(titled).isPresent(),
                since,
                true);
    }

    /**
     * Every prompt of tune {@code home} that {@code matches} accepts, read newest first back to {@link #LOOK_BACK} before
     * {@code since}; {@code step} says what for, in a failure.
     */
    LookUp<AstriaJson.Prompt> prompts(String step, String home, Predicate<AstriaJson.Prompt> matches, Instant since) {
        return lookUp(
                step,
                before -> before == null
                        ? api.prompts(home, AstriaApi.PAGE)
                        : api.promptsBefore(home, before, AstriaApi.PAGE),
                AstriaJson.Prompt::of,
                AstriaJson.Prompt::id,
                AstriaJson.Prompt::createdAt,
                matches,
                since,
                false);
    }

    /**
     * The objects of a list that {@code matches} accepts, read newest first page after page ({@code before_id}) until an
     * object older than {@link #LOOK_BACK} before {@code since}, or an empty page. With {@code firstOnly} it stops at
     * the first match. A list that is gone (404) is an empty one.
     */
    private <T> LookUp<T> lookUp(
            String step,
            Function<String, JsonNode> page,
            Function<JsonNode, T> parse,
            Function<T, String> id,
            Function<T, Optional<Instant>> created,
            Predicate<T> matches,
            Instant since,
            boolean firstOnly) {
        Instant stopBefore = since.minus(LOOK_BACK);
        List<T> found = new ArrayList<>();
        String before = null;
        int read = 0;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            String cursor = before;
            Optional<List<T>> objects = Steps.find(
                    step,
                    () -> AstriaJson.list(page.apply(cursor)).stream()
                            .map(parse)
                            .toList());
            if (objects.isEmpty() || objects.get().isEmpty()) {
                return new LookUp<>(found, true, read);
            }
            for (T object : objects.get()) {
                read++;
                if (created.apply(object).filter(at -> at.isBefore(stopBefore)).isPresent()) {
                    return new LookUp<>(found, true, read);
                }
                if (matches.test(object)) {
                    found.add(object);
                    if (firstOnly) {
                        return new LookUp<>(found, true, read);
                    }
                }
            }
            before = id.apply(objects.get().getLast());
        }
        LOG.log(
                Level.WARNING,
                "Astria: stopped a look-up after {0} pages ({1} objects) without reaching its start",
                MAX_PAGES,
                read);
        return new LookUp<>(found, false, read);
    }
}
