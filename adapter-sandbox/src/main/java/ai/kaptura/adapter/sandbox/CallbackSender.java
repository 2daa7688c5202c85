package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The sandbox generator's side of its callbacks: each unanswered event of a model POSTed to the app's opaque,
 * single-purpose address ({@link CallbackTokens}, R37), signed with the body key ({@link Signatures}), and, per model
 * on this node, how long its callbacks have gone unanswered, which sets the next attempt ({@link Redelivery}) until the
 * redelivery's time is over. What the app answered is the caller's to keep: this class holds no record.
 */
@Implements(Rule.R37)
final class CallbackSender implements AutoCloseable {

    /** The generator's logger: an operator following the sandbox generator sees its callbacks in the same place. */
    private static final System.Logger LOG = System.getLogger(SandboxGenerator.class.getName());

    /** What one round of sending came to (its kinds are members of this class: an interface's would be public). */
    sealed interface Round permits AllAnswered, Again, GivenUp, Stopped {}

    /** Every callback was answered (taken, or refused for good): nothing to send again. */
    record AllAnswered() implements Round {}

    /** Some callback was not answered: it is sent again after {@code after}. */
    record Again(Duration after) implements Round {}

    /** Callbacks have gone unanswered for the redelivery's whole time: left to the app's poll and the next start. */
    record GivenUp() implements Round {}

    /** The sandbox closed during the round: nothing is decided, the records stay as they were. */
    record Stopped() implements Round {}

    private record Failing(int count, long sinceNanos) {}

    private final CallbackTokens tokens;
    private final byte[] bodyKey;
    private final Redelivery redelivery;
    private final InstantSource clock;
    private final String callbackBase;
    private final Delivery http = new Delivery("callbacks");
    /** The models whose callbacks fail, on this node: how often, and since when. */
    private final ConcurrentMap<String, Failing> failing = new ConcurrentHashMap<>();

    CallbackSender(
            CallbackTokens tokens, byte[] bodyKey, Redelivery redelivery, InstantSource clock, String callbackBase) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.bodyKey = bodyKey.clone();
        this.redelivery = Objects.requireNonNull(redelivery, "redelivery");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callbackBase = Objects.requireNonNull(callbackBase, "callback base");
    }

    /**
     * Sends every callback of {@code state} the app has not answered, once each, calling {@code answered} with the event
     * id of each one the app answered; stops between two callbacks when {@code closed} says so.
     */
    Round send(ModelState state, Consumer<String> answered, BooleanSupplier closed) {
        String id = state.id();
        boolean allAnswered = true;
        String problem = "";
        for (Callbacks.Outgoing callback : Callbacks.unanswered(state)) {
            if (closed.getAsBoolean()) {
                return new Stopped();
            }
            Optional<String> failed = post(state, callback);
            if (failed.isEmpty()) {
                answered.accept(callback.eventId());
            } else {
                allAnswered = false;
                problem = failed.get();
            }
        }
        if (allAnswered) {
            failing.remove(id);
            return new AllAnswered();
        }
        String why = problem;
        Failing failed = failing.merge(
                id, new Failing(1, System.nanoTime()), (old, first) -> new Failing(old.count() + 1, old.sinceNanos()));
        Duration since = Duration.ofNanos(System.nanoTime() - failed.sinceNanos());
        if (since.compareTo(redelivery.during()) >= 0) {
            failing.remove(id);
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Sandbox: the callback of model " + id + " " + why + " after " + failed.count()
                            + " attempts; the app's poll finds the event, and it is sent again when a sandbox"
                            + " next starts");
            return new GivenUp();
        }
        Duration wait = redelivery.after(failed.count());
        LOG.log(
                System.Logger.Level.INFO,
                () -> "Sandbox: the callback of model " + id + " " + why + "; sent again in " + wait.toMillis()
                        + " ms");
        return new Again(wait);
    }

    /** Forgets how model {@code id}'s callbacks failed on this node (it is deleted). */
    void forget(String id) {
        failing.remove(id);
    }

    /** The signature header the sandbox sends with {@code body} to {@code token}'s address, signed at {@code at}. */
    String signature(String token, byte[] body, Instant at) {
        return Signatures.header(bodyKey, at, signedContent(token, body));
    }

    /** What a callback's signature covers: the token of the address it goes to, a dot, and the body. */
    static byte[] signedContent(String token, byte[] body) {
        return Signatures.concat((token + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    @Override
    public void close() {
        http.close();
    }

    /** POSTs one callback; answers what went wrong, or nothing if the app answered it (taken, or refused for good). */
    private Optional<String> post(ModelState state, Callbacks.Outgoing callback) {
        String model = state.id();
        String token = tokens.tokenFor(state.tokenNonce());
        byte[] body = callback.body();
        try {
            int status = http.postJson(
                    URI.create(callbackBase + token),
                    body,
                    Map.of(Signatures.HEADER, signature(token, body, clock.instant())));
            if (Delivery.isSuccess(status) || !Delivery.isWorthRepeating(status)) {
                LOG.log(
                        Delivery.isSuccess(status) ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        () -> "Sandbox: the callback of model " + model + " was answered HTTP " + status
                                + (Delivery.isSuccess(status)
                                        ? ""
                                        : "; it is not sent again, the app's poll finds the event"));
                return Optional.empty();
            }
            return Optional.of("was answered HTTP " + status);
        } catch (IOException e) {
            return Optional.of("could not be delivered (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("was interrupted");
        }
    }
}
