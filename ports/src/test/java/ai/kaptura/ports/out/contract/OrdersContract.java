package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.MODEL;
import static ai.kaptura.ports.out.contract.ContractFixtures.OUTDOOR;
import static ai.kaptura.ports.out.contract.ContractFixtures.STUDIO;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.awaitingPayment;
import static ai.kaptura.ports.out.contract.ContractFixtures.cancelledByWithdrawal;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.delivered;
import static ai.kaptura.ports.out.contract.ContractFixtures.deliveredAndCleanedUp;
import static ai.kaptura.ports.out.contract.ContractFixtures.draft;
import static ai.kaptura.ports.out.contract.ContractFixtures.draftWithSelfies;
import static ai.kaptura.ports.out.contract.ContractFixtures.failed;
import static ai.kaptura.ports.out.contract.ContractFixtures.generating;
import static ai.kaptura.ports.out.contract.ContractFixtures.headshot;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.modelEvidence;
import static ai.kaptura.ports.out.contract.ContractFixtures.orderId;
import static ai.kaptura.ports.out.contract.ContractFixtures.paid;
import static ai.kaptura.ports.out.contract.ContractFixtures.refunded;
import static ai.kaptura.ports.out.contract.ContractFixtures.selfieEvidence;
import static ai.kaptura.ports.out.contract.ContractFixtures.training;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.CheckoutAttempt;
import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.Orders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Orders} store must do: keep the whole aggregate exactly (every selfie, model and
 * headshot state, the history, the payment), lock optimistically, list an account's orders newest
 * first, and index the retention due instant and the pending model deletions.
 *
 * <p>{@link #orders()} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty store; the race tests use it from several threads.
 */
public abstract class OrdersContract {

    /** A fresh, empty store. */
    protected abstract Orders orders();

    static Stream<Arguments> every_state() {
        AccountId account = accountId();
        return ContractFixtures.ordersInEveryState(account, minutes(0)).entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    // ---- round trips ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("every_state")
    void an_order_in_any_state_survives_a_round_trip_exactly(String state, Order order) {
        Orders orders = orders();

        Order saved = orders.save(order, Optional.of(days(1)));

        assertThat(saved).isEqualTo(order.withVersion(1));
        assertThat(orders.find(order.id())).contains(saved);
        assertThat(orders.ofAccount(order.account())).containsExactly(saved);
        for (Headshot headshot : order.headshots()) {
            assertThat(orders.findByHeadshot(headshot.id())).contains(saved);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("every_state")
    void an_order_in_any_state_survives_being_updated_from_a_draft(String state, Order order) {
        Orders orders = orders();
        Order stub = draft(order.id(), order.account(), order.createdAt());
        orders.save(stub, Optional.empty());

        Order saved = orders.save(order.withVersion(1), Optional.empty());

        assertThat(saved).isEqualTo(order.withVersion(2));
        assertThat(orders.find(order.id())).contains(saved);
    }

    @Test
    void every_step_of_the_lifecycle_is_stored_exactly() {
        Orders orders = orders();
        AccountId account = accountId();
        Order order = orders.save(draftWithSelfies(account, minutes(0), 9), Optional.of(days(7)));
        assertThat(orders.find(order.id())).contains(order);

        order = step(
                orders,
                order.discardSelfie(order.selfies().get(2).id(), minutes(1)).orElseThrow());
        order = step(orders, order.awaitPayment(minutes(2)));
        order = step(
                orders, order.checkoutOpened(1, new CheckoutRef("cs_test_lifecycle_1"), order.price(), minutes(2)));
        order = step(orders, order.backToDraft("checkout expired", minutes(32)));
        order = step(orders, order.awaitPayment(minutes(33)));
        order = step(
                orders, order.checkoutOpened(2, new CheckoutRef("cs_test_lifecycle_2"), order.price(), minutes(33)));
        order = step(orders, order.paid(new PaymentRef("pi_lifecycle_1"), minutes(34)));
        order = step(orders, order.trainingStarted(MODEL, minutes(35)));
        order = step(orders, order.modelTrained(minutes(60)));
        order = step(orders, order.headshotStored(headshot(account, STUDIO, minutes(61))));
        order = step(orders, order.headshotStored(headshot(account, OUTDOOR, minutes(62))));
        order = step(orders, order.deliver(minutes(63)));
        order = step(orders, order.markSelfiesForDeletion(DeletionReason.HEADSHOTS_DELIVERED, minutes(63)));
        for (Selfie selfie : order.selfies()) {
            order = step(
                    orders,
                    order.selfieDeleted(selfieEvidence(selfie, DeletionReason.HEADSHOTS_DELIVERED, minutes(64))));
        }
        order = step(orders, order.requestModelDeletion(DeletionReason.HEADSHOTS_DELIVERED, minutes(63)));
        order = step(orders, order.modelDeletionAttemptFailed(minutes(120)));
        order = step(
                orders,
                order.modelDeletionConfirmed(modelEvidence(MODEL, DeletionReason.HEADSHOTS_DELIVERED, minutes(180))));
        order = step(orders, order.refunded(minutes(200)));

        assertThat(order.status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(order.selfies()).allSatisfy(s -> assertThat(s).isInstanceOf(Selfie.Deleted.class));
        assertThat(order.model()).get().isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(order.history().stream().map(c -> c.status()).toList())
                .containsExactly(
                        OrderStatus.DRAFT,
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.DRAFT,
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.PAID,
                        OrderStatus.TRAINING,
                        OrderStatus.GENERATING,
                        OrderStatus.DELIVERED,
                        OrderStatus.REFUNDED);
        assertThat(orders.find(order.id())).contains(order);
    }

    @Test
    void the_checkouts_of_an_order_are_stored_as_recorded_with_the_amount_each_asked() {
        Orders orders = orders();
        Order order = draftWithSelfies(accountId(), minutes(0), 8)
                .awaitPayment(minutes(1))
                .backToDraft("checkout restarted", minutes(2))
                .awaitPayment(minutes(2));
        order = orders.save(order, Optional.empty());

        Order second = orders.save(
                order.checkoutOpened(2, new CheckoutRef("cs_live_b1SecondAttempt"), Money.of(2_900, "EUR"), minutes(3)),
                Optional.empty());
        Order both = orders.save(
                second.checkoutOpened(
                        1,
                        new CheckoutRef("cs_live_a1FirstAttempt"),
                        Money.of(3_500, "JPY"),
                        minutes(4).plusNanos(123_000)),
                Optional.empty());

        Order read = orders.find(order.id()).orElseThrow();
        assertThat(read).isEqualTo(both);
        assertThat(read.checkouts())
                .containsExactly(
                        new CheckoutAttempt(
                                2, new CheckoutRef("cs_live_b1SecondAttempt"), Money.of(2_900, "EUR"), minutes(3)),
                        new CheckoutAttempt(
                                1,
                                new CheckoutRef("cs_live_a1FirstAttempt"),
                                Money.of(3_500, "JPY"),
                                minutes(4).plusNanos(123_000)));
        assertThat(read.openCheckout()).map(CheckoutAttempt::attempt).contains(2);
        assertThat(orders.save(read.backToDraft("checkout expired", minutes(5)), Optional.empty())
                        .checkouts())
                .hasSize(2);
        assertThat(orders.find(order.id()).orElseThrow().checkouts()).isEqualTo(both.checkouts());
    }

    private static Order step(Orders orders, Order next) {
        Order saved = orders.save(next, Optional.empty());
        assertThat(saved).isEqualTo(next.withVersion(next.version() + 1));
        assertThat(orders.find(next.id())).contains(saved);
        return saved;
    }

    // ---- optimistic locking --------------------------------------------------------------------

    @Test
    void a_new_order_is_stored_with_version_1_and_each_update_increments_it() {
        Orders orders = orders();
        Order v1 = orders.save(draftWithSelfies(accountId(), minutes(0), 8), Optional.empty());
        Order v2 = orders.save(v1.awaitPayment(minutes(1)), Optional.empty());
        Order v3 = orders.save(v2.backToDraft("cancelled checkout", minutes(2)), Optional.empty());

        assertThat(List.of(v1.version(), v2.version(), v3.version())).containsExactly(1L, 2L, 3L);
        assertThat(orders.find(v1.id())).contains(v3);
    }

    @Test
    void a_stale_version_is_refused_and_changes_nothing_not_even_the_due_index() {
        Orders orders = orders();
        Order v1 = orders.save(draftWithSelfies(accountId(), minutes(0), 8), Optional.of(days(7)));
        Order v2 = orders.save(v1.awaitPayment(minutes(1)), Optional.of(days(7)));

        assertThatThrownBy(() -> orders.save(v1.cancel("stale", minutes(2)), Optional.of(minutes(2))))
                .isInstanceOf(ConcurrentUpdate.class);
        assertThatThrownBy(() -> orders.save(v2.withVersion(9), Optional.empty()))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(orders.find(v1.id())).contains(v2);
        assertThat(orders.dueForRetention(days(1), 10)).isEmpty();
        assertThat(orders.dueForRetention(days(7), 10)).containsExactly(v1.id());
    }

    @Test
    void a_new_order_must_come_with_version_0() {
        Orders orders = orders();
        Order order = draft(accountId(), minutes(0)).withVersion(1);

        assertThatThrownBy(() -> orders.save(order, Optional.of(minutes(0)))).isInstanceOf(ConcurrentUpdate.class);

        assertThat(orders.find(order.id())).isEmpty();
        assertThat(orders.ofAccount(order.account())).isEmpty();
        assertThat(orders.dueForRetention(days(1), 10)).isEmpty();
    }

    @Test
    void inserting_the_same_new_order_twice_is_a_concurrent_update() {
        Orders orders = orders();
        Order order = draft(accountId(), minutes(0));
        Order first = orders.save(order, Optional.empty());

        assertThatThrownBy(() -> orders.save(order, Optional.of(minutes(1)))).isInstanceOf(ConcurrentUpdate.class);

        assertThat(orders.find(order.id())).contains(first);
        assertThat(orders.ofAccount(order.account())).containsExactly(first);
        assertThat(orders.dueForRetention(days(1), 10)).isEmpty();
    }

    @Test
    void of_eight_threads_inserting_the_same_new_order_exactly_one_wins() {
        Orders orders = orders();
        Order order = draftWithSelfies(accountId(), minutes(0), 2);

        Order winner =
                Concurrently.oneWinner(8, i -> orders.save(order, Optional.of(minutes(i))), ConcurrentUpdate.class);
        assertThat(orders.find(order.id())).contains(order.withVersion(1));
        assertThat(orders.ofAccount(order.account())).hasSize(1);
    }

    @Test
    void of_two_updates_from_the_same_read_the_first_wins_and_the_second_is_refused() {
        Orders orders = orders();
        Order read = orders.save(paid(accountId(), minutes(0)), Optional.empty());

        Order first = orders.save(read.trainingStarted(MODEL, minutes(20)), Optional.empty());
        assertThatThrownBy(() -> orders.save(read.cancel("consent withdrawn", minutes(21)), Optional.empty()))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(orders.find(read.id())).contains(first);
        assertThat(first.status()).isEqualTo(OrderStatus.TRAINING);
    }

    @Test
    void of_eight_threads_updating_from_the_same_read_exactly_one_wins() {
        Orders orders = orders();
        Order read = orders.save(paid(accountId(), minutes(0)), Optional.empty());

        Order winner = Concurrently.oneWinner(
                8,
                i -> orders.save(read.fail("attempt " + i, minutes(30 + i)), Optional.of(minutes(30 + i))),
                ConcurrentUpdate.class);
        assertThat(orders.find(read.id())).contains(winner);
        assertThat(winner.version()).isEqualTo(2);
        Instant winnersDue = winner.history().getLast().at();
        assertThat(orders.dueForRetention(winnersDue.minusMillis(1), 10)).isEmpty();
        assertThat(orders.dueForRetention(winnersDue, 10)).containsExactly(read.id());
    }

    // ---- queries -------------------------------------------------------------------------------

    @Test
    void of_account_lists_only_that_accounts_orders_newest_first() {
        Orders orders = orders();
        AccountId ann = accountId();
        AccountId bob = accountId();
        Order middle = orders.save(draft(ann, days(-5)), Optional.empty());
        Order newest = orders.save(draft(ann, days(-1)), Optional.empty());
        Order oldest = orders.save(draft(ann, days(-9)), Optional.empty());
        Order bobs = orders.save(draft(bob, days(-3)), Optional.empty());

        assertThat(orders.ofAccount(ann)).containsExactly(newest, middle, oldest);
        assertThat(orders.ofAccount(bob)).containsExactly(bobs);
        assertThat(orders.ofAccount(accountId())).isEmpty();
    }

    @Test
    void of_account_orders_by_creation_not_by_last_change() {
        Orders orders = orders();
        AccountId ann = accountId();
        Order older = orders.save(draftWithSelfies(ann, days(-5), 8), Optional.empty());
        Order newer = orders.save(draft(ann, days(-1)), Optional.empty());

        Order olderChanged = orders.save(older.awaitPayment(minutes(0)), Optional.empty());

        assertThat(orders.ofAccount(ann)).containsExactly(newer, olderChanged);
    }

    @Test
    void find_by_headshot_answers_the_order_that_holds_it() {
        Orders orders = orders();
        Order mine = orders.save(generating(accountId(), minutes(0)), Optional.empty());
        Order other = orders.save(delivered(accountId(), minutes(1)), Optional.empty());
        orders.save(training(accountId(), minutes(2)), Optional.empty());

        for (Headshot h : mine.headshots()) {
            assertThat(orders.findByHeadshot(h.id())).contains(mine);
        }
        for (Headshot h : other.headshots()) {
            assertThat(orders.findByHeadshot(h.id())).contains(other);
        }
        assertThat(orders.findByHeadshot(new HeadshotId(ContractFixtures.uuid())))
                .isEmpty();
    }

    @Test
    void a_headshot_added_by_an_update_is_found_too() {
        Orders orders = orders();
        AccountId account = accountId();
        Order before = orders.save(training(account, minutes(0)).modelTrained(minutes(40)), Optional.empty());
        Headshot added = headshot(account, OUTDOOR, minutes(41));

        Order after = orders.save(before.headshotStored(added), Optional.empty());

        assertThat(orders.findByHeadshot(added.id())).contains(after);
    }

    // ---- retention index -----------------------------------------------------------------------

    @Test
    void due_for_retention_lists_only_what_is_due_earliest_first_up_to_the_limit() {
        Orders orders = orders();
        Instant now = days(10);
        OrderId late = orders.save(draft(accountId(), minutes(0)), Optional.of(now.minusSeconds(60)))
                .id();
        OrderId exactlyNow =
                orders.save(draft(accountId(), minutes(1)), Optional.of(now)).id();
        OrderId earliest = orders.save(draft(accountId(), minutes(2)), Optional.of(days(1)))
                .id();
        OrderId middle = orders.save(draft(accountId(), minutes(3)), Optional.of(days(5)))
                .id();
        orders.save(draft(accountId(), minutes(4)), Optional.of(now.plusMillis(1)));
        orders.save(draft(accountId(), minutes(5)), Optional.empty());

        assertThat(orders.dueForRetention(now, 100)).containsExactly(earliest, middle, late, exactlyNow);
        assertThat(orders.dueForRetention(now, 2)).containsExactly(earliest, middle);
        assertThat(orders.dueForRetention(days(3), 100)).containsExactly(earliest);
        assertThat(orders.dueForRetention(days(0), 100)).isEmpty();
    }

    @Test
    void saving_again_moves_or_drops_the_due_instant() {
        Orders orders = orders();
        Order first = orders.save(draft(accountId(), minutes(0)), Optional.of(days(1)));
        Order second = orders.save(draft(accountId(), minutes(1)), Optional.of(days(2)));

        Order firstAgain = orders.save(first, Optional.of(days(3)));
        assertThat(orders.dueForRetention(days(5), 10)).containsExactly(second.id(), first.id());

        orders.save(firstAgain, Optional.empty());
        assertThat(orders.dueForRetention(days(5), 10)).containsExactly(second.id());

        orders.save(second, Optional.empty());
        assertThat(orders.dueForRetention(days(365), 10)).isEmpty();
    }

    @Test
    void in_production_since_lists_training_and_generating_orders_by_when_their_stage_began() {
        Orders orders = orders();
        // training(at) requests the model at +13 min; generating(at) trains it at +40 min.
        Order trainingLong = orders.save(training(accountId(), minutes(0)), Optional.empty());
        Order trainingRecent = orders.save(training(accountId(), minutes(100)), Optional.empty());
        Order generating = orders.save(generating(accountId(), minutes(10)), Optional.empty());
        orders.save(paid(accountId(), minutes(0)), Optional.empty());
        orders.save(delivered(accountId(), minutes(0)), Optional.empty());
        orders.save(failed(accountId(), minutes(0)), Optional.empty());

        assertThat(orders.inProductionSince(minutes(12), 10)).isEmpty();
        assertThat(orders.inProductionSince(minutes(13), 10)).containsExactly(trainingLong.id());
        assertThat(orders.inProductionSince(minutes(50), 10)).containsExactly(trainingLong.id(), generating.id());
        assertThat(orders.inProductionSince(minutes(200), 10))
                .containsExactly(trainingLong.id(), generating.id(), trainingRecent.id());
        assertThat(orders.inProductionSince(minutes(200), 2)).containsExactly(trainingLong.id(), generating.id());
        assertThat(orders.inProductionSince(minutes(200), 0)).isEmpty();
    }

    @Test
    void awaiting_model_deletion_lists_exactly_the_orders_whose_deletion_is_requested_and_unconfirmed() {
        Orders orders = orders();
        Order deliveredOrder = orders.save(delivered(accountId(), minutes(0)), Optional.empty());
        Order failedOrder = orders.save(failed(accountId(), minutes(1)), Optional.empty());
        orders.save(deliveredAndCleanedUp(accountId(), minutes(2)), Optional.empty());
        orders.save(generating(accountId(), minutes(3)), Optional.empty());
        orders.save(training(accountId(), minutes(4)), Optional.empty());
        orders.save(paid(accountId(), minutes(5)), Optional.empty());

        assertThat(orders.awaitingModelDeletion(10)).containsExactlyInAnyOrder(deliveredOrder.id(), failedOrder.id());
        assertThat(orders.awaitingModelDeletion(1)).hasSize(1).isSubsetOf(deliveredOrder.id(), failedOrder.id());
        assertThat(orders.awaitingModelDeletion(0)).isEmpty();
    }

    @Test
    void an_order_leaves_the_model_deletion_list_once_confirmed_and_joins_it_once_requested() {
        Orders orders = orders();
        Order generatingOrder = orders.save(generating(accountId(), minutes(0)), Optional.empty());
        Order pending = orders.save(delivered(accountId(), minutes(1)), Optional.empty());
        assertThat(orders.awaitingModelDeletion(10)).containsExactly(pending.id());

        orders.save(
                pending.modelDeletionConfirmed(modelEvidence(MODEL, DeletionReason.HEADSHOTS_DELIVERED, minutes(90))),
                Optional.empty());
        assertThat(orders.awaitingModelDeletion(10)).isEmpty();

        orders.save(
                generatingOrder.requestModelDeletion(DeletionReason.CONSENT_WITHDRAWN, minutes(91)), Optional.empty());
        assertThat(orders.awaitingModelDeletion(10)).containsExactly(generatingOrder.id());
    }

    @Test
    void models_unconfirmed_since_lists_the_models_not_confirmed_deleted_by_when_they_were_trained_or_requested() {
        Orders orders = orders();
        // delivered(at) and generating(at) train the model at +40 min; failed(at) requests it at +13 min, never
        // trained.
        Order deliveredOrder = orders.save(delivered(accountId(), minutes(0)), Optional.empty());
        Order failedOrder = orders.save(failed(accountId(), minutes(100)), Optional.empty());
        Order generatingOrder = orders.save(generating(accountId(), minutes(200)), Optional.empty());
        orders.save(deliveredAndCleanedUp(accountId(), minutes(0)), Optional.empty());
        orders.save(paid(accountId(), minutes(0)), Optional.empty());

        assertThat(orders.modelsUnconfirmedSince(minutes(39), 10)).isEmpty();
        assertThat(orders.modelsUnconfirmedSince(minutes(40), 10)).containsExactly(deliveredOrder.id());
        assertThat(orders.modelsUnconfirmedSince(minutes(240), 10))
                .containsExactly(deliveredOrder.id(), failedOrder.id(), generatingOrder.id());
        assertThat(orders.modelsUnconfirmedSince(minutes(240), 1)).containsExactly(deliveredOrder.id());
        assertThat(orders.modelsUnconfirmedSince(minutes(240), 0)).isEmpty();
    }

    @Test
    void stalled_since_lists_the_paid_unfinished_orders_by_when_they_last_changed_state() {
        Orders orders = orders();
        // paid(at) is paid at +12 min, training(at) starts at +13 min, generating(at) is trained at +40 min.
        Order paidOrder = orders.save(paid(accountId(), minutes(0)), Optional.empty());
        Order trainingOrder = orders.save(training(accountId(), minutes(100)), Optional.empty());
        Order generatingOrder = orders.save(generating(accountId(), minutes(0)), Optional.empty());
        orders.save(delivered(accountId(), minutes(0)), Optional.empty());
        orders.save(failed(accountId(), minutes(0)), Optional.empty());
        orders.save(awaitingPayment(accountId(), minutes(0)), Optional.empty());
        orders.save(draft(accountId(), minutes(0)), Optional.empty());

        assertThat(orders.stalledSince(minutes(11), 10)).isEmpty();
        assertThat(orders.stalledSince(minutes(12), 10)).containsExactly(paidOrder.id());
        assertThat(orders.stalledSince(minutes(200), 10))
                .containsExactly(paidOrder.id(), generatingOrder.id(), trainingOrder.id());
        assertThat(orders.stalledSince(minutes(200), 2)).containsExactly(paidOrder.id(), generatingOrder.id());
        assertThat(orders.stalledSince(minutes(200), 0)).isEmpty();

        orders.save(paidOrder.trainingStarted(ContractFixtures.MODEL, minutes(300)), Optional.empty());
        assertThat(orders.stalledSince(minutes(200), 10))
                .as("it moved")
                .containsExactly(generatingOrder.id(), trainingOrder.id());
    }

    @Test
    void with_selfies_pending_deletion_lists_the_orders_holding_one_due_since_then_longest_pending_first() {
        Orders orders = orders();
        // delivered(at) marks its selfies at +55 min and deletes two of six; failed(at) marks them at +30 min.
        Order deliveredOrder = orders.save(delivered(accountId(), minutes(0)), Optional.empty());
        Order failedOrder = orders.save(failed(accountId(), minutes(100)), Optional.empty());
        orders.save(deliveredAndCleanedUp(accountId(), minutes(2)), Optional.empty());
        orders.save(draftWithSelfies(accountId(), minutes(3), 3), Optional.empty());
        orders.save(training(accountId(), minutes(4)), Optional.empty());

        assertThat(orders.withSelfiesPendingDeletion(minutes(54), 10)).isEmpty();
        assertThat(orders.withSelfiesPendingDeletion(minutes(55), 10)).containsExactly(deliveredOrder.id());
        assertThat(orders.withSelfiesPendingDeletion(minutes(200), 10))
                .containsExactly(deliveredOrder.id(), failedOrder.id());
        assertThat(orders.withSelfiesPendingDeletion(minutes(200), 1)).containsExactly(deliveredOrder.id());
        assertThat(orders.withSelfiesPendingDeletion(minutes(200), 0)).isEmpty();
    }

    @Test
    void an_order_leaves_the_pending_selfie_list_once_its_last_pending_selfie_is_deleted() {
        Orders orders = orders();
        Order order = orders.save(failed(accountId(), minutes(0)), Optional.empty());
        for (Selfie selfie : order.selfies()) {
            order = orders.save(
                    order.selfieDeleted(selfieEvidence(selfie, DeletionReason.ORDER_ENDED_UNDELIVERED, minutes(40))),
                    Optional.empty());
            assertThat(orders.withSelfiesPendingDeletion(minutes(60), 10))
                    .as("while any selfie is pending")
                    .hasSize(order.selfies().stream().anyMatch(Selfie.PendingDeletion.class::isInstance) ? 1 : 0);
        }

        assertThat(orders.withSelfiesPendingDeletion(minutes(60), 10)).isEmpty();
    }

    @Test
    void awaiting_refund_lists_the_paid_orders_that_ended_undelivered_and_are_not_refunded_newest_first() {
        Orders orders = orders();
        Order failedOrder = orders.save(failed(accountId(), minutes(0)), Optional.empty());
        Order cancelled = orders.save(cancelledByWithdrawal(accountId(), minutes(10)), Optional.empty());
        orders.save(refunded(accountId(), minutes(20)), Optional.empty());
        orders.save(delivered(accountId(), minutes(30)), Optional.empty());
        orders.save(paid(accountId(), minutes(40)), Optional.empty());
        orders.save(
                awaitingPayment(accountId(), minutes(50)).discard(minutes(60)).orElseThrow(), Optional.empty());

        assertThat(orders.awaitingRefund(10)).containsExactly(cancelled.id(), failedOrder.id());
        assertThat(orders.awaitingRefund(1)).containsExactly(cancelled.id());
        assertThat(orders.awaitingRefund(0)).isEmpty();

        orders.save(failedOrder.refunded(minutes(90)), Optional.empty());
        assertThat(orders.awaitingRefund(10)).containsExactly(cancelled.id());
    }

    // ---- photos a row accounts for (R10) ---------------------------------------------------------

    @Test
    void referenced_answers_the_photos_a_selfie_or_a_headshot_names_in_any_state() {
        Orders orders = orders();
        AccountId account = accountId();
        Order draft = orders.save(draftWithSelfies(account, minutes(0), 2), Optional.empty());
        Order delivered = orders.save(delivered(account, minutes(1)), Optional.empty());
        List<PhotoRef> named = new ArrayList<>();
        draft.selfies().forEach(s -> named.add(s.photo().orElseThrow()));
        delivered.selfies().forEach(s -> s.photo().ifPresent(named::add));
        delivered.headshots().forEach(h -> named.add(h.photo()));
        PhotoRef unknown = ContractFixtures.photo("selfie", account, ContractFixtures.uuid());
        PhotoRef otherAccounts = ContractFixtures.photo("headshot", accountId(), ContractFixtures.uuid());
        List<PhotoRef> asked = new ArrayList<>(named);
        asked.add(unknown);
        asked.add(otherAccounts);

        assertThat(delivered.selfies())
                .as("fixture: selfies deleted with evidence, which name no photo")
                .anyMatch(s -> s.photo().isEmpty())
                .anyMatch(s -> s.photo().isPresent());
        assertThat(orders.referenced(asked)).containsExactlyInAnyOrderElementsOf(named);
        assertThat(orders.referenced(List.of())).isEmpty();
    }

    @Test
    void a_deleted_order_references_no_photo_any_more() {
        Orders orders = orders();
        Order gone = orders.save(generating(accountId(), minutes(0)), Optional.empty());
        List<PhotoRef> photos =
                new ArrayList<>(gone.headshots().stream().map(Headshot::photo).toList());
        gone.selfies().forEach(s -> s.photo().ifPresent(photos::add));

        orders.delete(gone.id());

        assertThat(photos).isNotEmpty();
        assertThat(orders.referenced(photos)).isEmpty();
    }

    @Test
    void referenced_answers_for_many_photos_at_once() {
        Orders orders = orders();
        AccountId account = accountId();
        Order order = orders.save(draftWithSelfies(account, minutes(0), 20), Optional.empty());
        List<PhotoRef> asked = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            asked.add(ContractFixtures.photo("selfie", account, ContractFixtures.uuid()));
        }
        order.selfies().forEach(s -> asked.add(s.photo().orElseThrow()));

        assertThat(orders.referenced(asked)).hasSize(20);
    }

    // ---- delete --------------------------------------------------------------------------------

    @Test
    void delete_removes_the_order_from_every_query_and_leaves_the_others() {
        Orders orders = orders();
        AccountId account = accountId();
        Order gone = orders.save(delivered(account, minutes(0)), Optional.of(days(1)));
        Order kept = orders.save(delivered(account, minutes(1)), Optional.of(days(2)));

        orders.delete(gone.id());

        assertThat(orders.find(gone.id())).isEmpty();
        assertThat(orders.ofAccount(account)).containsExactly(kept);
        for (Headshot h : gone.headshots()) {
            assertThat(orders.findByHeadshot(h.id())).isEmpty();
        }
        assertThat(orders.dueForRetention(days(3), 10)).containsExactly(kept.id());
        assertThat(orders.awaitingModelDeletion(10)).containsExactly(kept.id());
        assertThat(orders.find(kept.id())).contains(kept);
    }

    @Test
    void deleting_an_order_that_is_not_there_changes_nothing() {
        Orders orders = orders();
        Order kept = orders.save(draft(accountId(), minutes(0)), Optional.empty());
        Order other = orders.save(draft(kept.account(), minutes(1)), Optional.empty());

        assertThatCode(() -> orders.delete(orderId())).doesNotThrowAnyException();
        assertThat(orders.find(kept.id()))
                .as("an absent order's deletion touches none that is there")
                .contains(kept);
        orders.delete(kept.id());
        assertThatCode(() -> orders.delete(kept.id())).doesNotThrowAnyException();

        assertThat(orders.find(kept.id())).isEmpty();
        assertThat(orders.find(other.id()))
                .as("deleting it again touches no other order")
                .contains(other);
        assertThat(orders.ofAccount(kept.account())).containsExactly(other);
    }

    @Test
    void orders_in_every_state_of_one_account_are_kept_apart() {
        Orders orders = orders();
        AccountId account = accountId();
        Map<String, Order> all = ContractFixtures.ordersInEveryState(account, minutes(0));
        all.values().forEach(o -> orders.save(o, Optional.empty()));

        for (Order o : all.values()) {
            assertThat(orders.find(o.id())).contains(o.withVersion(1));
        }
        assertThat(orders.ofAccount(account)).hasSize(all.size());
    }
}
