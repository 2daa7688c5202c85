package ai.kaptura.application.pipeline;

import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.PollGenerator;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.Orders;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the orders whose generator callback is overdue and looks their status up (see {@link PollGenerator}).
 * An order is overdue once its current stage (training, generating) began more than {@code grace} ago;
 * it is looked up on every run from then on, and failed once the vendor has had the stage for longer than
 * {@code giveUpAfter} (counted from when the stage began, or from the consent renewal that let it go on).
 * The events found travel the same path as callbacks, so a callback arriving late, or twice, changes nothing.
 *
 * <p>An order held for renewed consent before generation (R9) is not the vendor's delay: it is not failed here but
 * follows its hold ({@link ConsentHolds}: told, reminded after 7 days, cancelled after 14), and this look-up begins
 * its hold if that was missed.
 */
@Implements({Rule.R10, Rule.R15})
public final class OverdueCallbacks implements PollGenerator {

    /** Orders looked up per run, longest waiting first; the next run takes the rest. */
    static final int BATCH = 200;

    private static final System.Logger LOG = System.getLogger(OverdueCallbacks.class.getName());

    private final Orders orders;
    private final GenerationPipeline pipeline;
    private final ConsentHolds holds;
    private final InstantSource clock;
    private final Duration grace;
    private final Duration giveUpAfter;

    /**
     * @param grace       how long a stage may run before its callback counts as overdue
     * @param giveUpAfter how long a stage may run at all before the order fails; longer than {@code grace}
     */
    public OverdueCallbacks(
            Orders orders,
            GenerationPipeline pipeline,
            ConsentHolds holds,
            InstantSource clock,
            Duration grace,
            Duration giveUpAfter) {
        this.orders = Objects.requireNonNull(orders, "orders");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.holds = Objects.requireNonNull(holds, "consent holds");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (grace.isNegative() || giveUpAfter.compareTo(grace) <= 0) {
            throw new IllegalArgumentException("The poll's grace (" + grace
                    + ") must be positive and shorter than the time to give up (" + giveUpAfter + ")");
        }
        this.grace = grace;
        this.giveUpAfter = giveUpAfter;
    }

    @Override
    public Report pollOverdue() {
        Instant now = clock.instant();
        int polled = 0;
        int advanced = 0;
        int gaveUp = 0;
        int errors = 0;
        for (OrderId id : orders.inProductionSince(now.minus(grace), BATCH)) {
            polled++;
            try {
                advanced += pipeline.poll(id);
                Order order = orders.find(id).orElse(null);
                if (order != null && holds.awaitedRenewal(order).isPresent()) {
                    holds.begin(id); // the person's time, not the vendor's: the hold ends it (R9)
                    continue;
                }
                if (order != null
                        && stuckSinceBefore(order, pipeline.vendorStageBegan(order), now.minus(giveUpAfter))) {
                    String stage = order.status().name().toLowerCase(Locale.ROOT);
                    Optional<String> held = order.status() == OrderStatus.GENERATING
                            ? pipeline.heldBack(order).map(why -> why.reason().slug())
                            : Optional.empty();
                    GeneratorEvent.Failed timeout = new GeneratorEvent.Failed(
                            "timeout:" + stage + ":" + id,
                            id,
                            held.map(why -> "processing was held back (" + why + ") for " + giveUpAfter.toHours()
                                            + " hours")
                                    .orElse("the AI vendor did not finish " + stage + " within " + giveUpAfter.toHours()
                                            + " hours"));
                    if (pipeline.apply(timeout) instanceof ReceiveGeneratorEvent.Outcome.Applied) {
                        gaveUp++;
                    }
                }
            } catch (RuntimeException e) {
                // The vendor could not be reached: the next run asks again. No personal data in the message.
                errors++;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Looking up the generator status of order {0} failed: {1}",
                        id,
                        e.getClass().getSimpleName());
            }
        }
        return new Report(polled, advanced, gaveUp, errors);
    }

    /** Whether the order is training or generating, in a stage the vendor has had since {@code limit} or before. */
    private static boolean stuckSinceBefore(Order order, Optional<Instant> stageBegan, Instant limit) {
        return (order.status() == OrderStatus.TRAINING || order.status() == OrderStatus.GENERATING)
                && stageBegan.filter(began -> !began.isAfter(limit)).isPresent();
    }
}
