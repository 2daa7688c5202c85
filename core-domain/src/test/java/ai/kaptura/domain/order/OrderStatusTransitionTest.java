package ai.kaptura.domain.order;

import static ai.kaptura.domain.order.OrderStatus.AWAITING_PAYMENT;
import static ai.kaptura.domain.order.OrderStatus.CANCELLED;
import static ai.kaptura.domain.order.OrderStatus.DELIVERED;
import static ai.kaptura.domain.order.OrderStatus.DRAFT;
import static ai.kaptura.domain.order.OrderStatus.FAILED;
import static ai.kaptura.domain.order.OrderStatus.GENERATING;
import static ai.kaptura.domain.order.OrderStatus.PAID;
import static ai.kaptura.domain.order.OrderStatus.REFUNDED;
import static ai.kaptura.domain.order.OrderStatus.TRAINING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order state machine, pair by pair, against the documented table (and R10's "ended undelivered" states). */
class OrderStatusTransitionTest {

    /** The documented lifecycle, written out independently of {@link OrderStatus#next()}. */
    private static final Map<OrderStatus, Set<OrderStatus>> DOCUMENTED = Map.of(
            DRAFT, EnumSet.of(AWAITING_PAYMENT, CANCELLED),
            AWAITING_PAYMENT, EnumSet.of(PAID, DRAFT, CANCELLED),
            PAID, EnumSet.of(TRAINING, FAILED, CANCELLED, REFUNDED),
            TRAINING, EnumSet.of(GENERATING, FAILED, CANCELLED),
            GENERATING, EnumSet.of(DELIVERED, FAILED, CANCELLED),
            DELIVERED, EnumSet.of(REFUNDED),
            FAILED, EnumSet.of(REFUNDED),
            CANCELLED, EnumSet.of(REFUNDED),
            REFUNDED, EnumSet.noneOf(OrderStatus.class));

    static Stream<Arguments> everyPair() {
        return Arrays.stream(OrderStatus.values())
                .flatMap(from -> Arrays.stream(OrderStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void every_pair_of_states_moves_exactly_as_the_table_says(OrderStatus from, OrderStatus to) {
        assertThat(from.canMoveTo(to)).isEqualTo(DOCUMENTED.get(from).contains(to));
    }

    @Test
    void the_table_covers_every_state() {
        assertThat(DOCUMENTED.keySet()).containsExactlyInAnyOrder(OrderStatus.values());
        for (OrderStatus s : OrderStatus.values()) {
            assertThat(s.next()).isEqualTo(DOCUMENTED.get(s));
            assertThat(s.canMoveTo(s)).as("%s to itself", s).isFalse();
        }
    }

    @Test
    void only_refunded_is_terminal_and_paid_training_generating_are_in_production() {
        assertThat(Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal))
                .containsExactly(REFUNDED);
        assertThat(Arrays.stream(OrderStatus.values()).filter(OrderStatus::isInProduction))
                .containsExactly(PAID, TRAINING, GENERATING);
        assertThat(Arrays.stream(OrderStatus.values()).filter(OrderStatus::isDraft))
                .containsExactly(DRAFT);
    }

    @Test
    @Tag("R10")
    void failed_cancelled_and_refunded_end_the_purpose_undelivered() {
        assertThat(Arrays.stream(OrderStatus.values()).filter(OrderStatus::endedUndelivered))
                .containsExactlyInAnyOrder(FAILED, CANCELLED, REFUNDED);
    }

    @Test
    @Tag("R7")
    void every_unfinished_state_can_be_cancelled_on_withdrawal() {
        for (OrderStatus unfinished : EnumSet.of(DRAFT, AWAITING_PAYMENT, PAID, TRAINING, GENERATING)) {
            assertThat(unfinished.canMoveTo(CANCELLED)).as(unfinished.name()).isTrue();
        }
    }

    @Test
    @Tag("R9")
    void only_paid_and_generating_orders_wait_for_consent() {
        assertThat(EnumSet.allOf(OrderStatus.class).stream().filter(OrderStatus::waitsForConsent))
                .containsExactlyInAnyOrder(PAID, GENERATING);
    }
}
