package ai.kaptura.adapter.sandbox;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * The sandbox generator's callbacks on their way to the app: each is POSTed to its model's address
 * ({@code {base}/webhooks/generator/{token}}) with its signature header, on a daemon thread, and sent again until the
 * app answers it ({@link Redelivery}); one callback is never sent by two loops at once. Whether the app
 * has answered a callback is the generator's to know and to keep at rest ({@code unanswered}, {@code answered}).
 */
final class CallbackDelivery {

    private static final System.Logger LOG = System.getLogger(SandboxGenerator.class.getName());

    private final String callbackBase;
    private final CallbackTokens tokens;
    private final BiFunction<String, byte[], String> signature;
    private final Redelivery redelivery;
    private final StepScheduler steps;
    private final BooleanSupplier closed;
    private final BiPredicate<String, String> unanswered;
    private final BiConsumer<String, String> answered;
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(new DaemonThreads("callbacks"));
    private final Delivery http = new Delivery("callbacks");
    /** The callbacks on their way ({@code model/event}), so one is never sent by two loops at once. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();

    /**
     * @param callbackBase where a model's token is appended to make its callback address
     * @param signature    the signature header of a body sent to a token's address, signed now
     * @param steps        where a callback's next attempt waits for its turn
     * @param closed       whether the sandbox is closed: then nothing more is sent
     * @param unanswered   whether a model (by id) is still here and the app has not answered the callback of an event id
     * @param answered     keeps at rest that the app answered the callback of an event id of a model
     */
    CallbackDelivery(
            String callbackBase,
            CallbackTokens tokens,
            BiFunction<String, byte[], String> signature,
            Redelivery redelivery,
            StepScheduler steps,
            BooleanSupplier closed,
            BiPredicate<String, String> unanswered,
            BiConsumer<String, String> answered) {
        this.callbackBase = callbackBase;
        this.tokens = tokens;
        this.signature = signature;
        this.redelivery = redelivery;
        this.steps = steps;
        this.closed = closed;
        this.unanswered = unanswered;
        this.answered = answered;
    }

    /** Sends {@code callback} of {@code state}'s model, and again until the app answers it. */
    void deliver(ModelState state, Callbacks.Outgoing callback) {
        if (closed.getAsBoolean()) {
            return;
        }
        String key = state.id() + "/" + callback.eventId();
        if (sending.add(key)) {
            attempt(new Sending(state.id(), state.tokenNonce(), callback, key, System.nanoTime()), 1);
        }
    }

    /** Stops sending at once; a POST under way is interrupted. */
    void shutdownNow() {
        callbacks.shutdownNow();
        http.close();
    }

    /** Waits up to {@code wait} for a POST under way to end. */
    void awaitTermination(Duration wait) throws InterruptedException {
        callbacks.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One callback on its way: its model, the nonce of the model's address, the callback, and when it was first sent. */
    private record Sending(String model, String nonce, Callbacks.Outgoing callback, String key, long firstNanos) {}

    private void attempt(Sending sending, int number) {
        try {
            callbacks.execute(() -> post(sending, number));
        } catch (RejectedExecutionException e) {
            this.sending.remove(sending.key());
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "Sandbox: closed; the callback of model " + sending.model() + " is not sent");
        }
    }

    private void post(Sending sending, int number) {
        String model = sending.model();
        if (closed.getAsBoolean() || !unanswered.test(model, sending.callback().eventId())) {
            this.sending.remove(sending.key());
            return;
        }
        String token = tokens.tokenFor(sending.nonce());
        byte[] body = sending.callback().body();
        String problem;
        try {
            int status = http.postJson(
                    URI.create(callbackBase + token), body, Map.of(Signatures.HEADER, signature.apply(token, body)));
            if (Delivery.isSuccess(status) || !Delivery.isWorthRepeating(status)) {
                this.sending.remove(sending.key());
                answered.accept(model, sending.callback().eventId());
                LOG.log(
                        Delivery.isSuccess(status) ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        () -> "Sandbox: the callback of model " + model + " was answered HTTP " + status
                                + (Delivery.isSuccess(status)
                                        ? ""
                                        : "; it is not sent again, the app's poll finds the event"));
                return;
            }
            problem = "was answered HTTP " + status;
        } catch (IOException e) {
            problem = "could not be delivered (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            this.sending.remove(sending.key());
            Thread.currentThread().interrupt();
            return;
        }
        String why = problem;
        Duration since = Duration.ofNanos(System.nanoTime() - sending.firstNanos());
        boolean stopped = closed.getAsBoolean();
        if (stopped || since.compareTo(redelivery.during()) >= 0) {
            this.sending.remove(sending.key());
            LOG.log(
                    stopped ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    () -> "Sandbox: the callback of model " + model
                            + " " + why + " after " + number
                            + " attempts; the app's poll finds the event, and it is sent again when the"
                            + " sandbox next starts");
            return;
        }
        Duration wait = redelivery.after(number);
        LOG.log(
                System.Logger.Level.INFO,
                () -> "Sandbox: the callback of model " + model + " " + why + "; sent again in " + wait.toMillis()
                        + " ms");
        if (!steps.later(() -> attempt(sending, number + 1), wait)) {
            this.sending.remove(sending.key());
        }
    }
}
