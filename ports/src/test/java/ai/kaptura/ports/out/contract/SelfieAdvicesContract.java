package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.T0;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.draftWithSelfies;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.SelfieAdvices;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SelfieAdvices} store must do (R51): keep a selfie's flags and the photo it repeats exactly, answer
 * them by order, and forget them with the selfie.
 *
 * <p>{@link #orders()} and {@link #advices()} work on the same empty store; advice is kept for selfies of a saved order.
 */
@Tag("R51")
public abstract class SelfieAdvicesContract {

    protected abstract Orders orders();

    protected abstract SelfieAdvices advices();

    private Order savedDraft(int selfies) {
        Order draft = draftWithSelfies(accountId(), T0, selfies);
        return orders().save(draft, Optional.empty());
    }

    private static SelfieId selfie(Order order, int index) {
        return order.selfies().get(index).id();
    }

    @Test
    void an_order_without_advice_answers_none() {
        Order order = savedDraft(2);

        assertThat(advices().of(order.id())).isEmpty();
    }

    @Test
    void flags_and_the_photo_repeated_are_read_back_exactly_by_order() {
        SelfieAdvices advices = advices();
        Order order = savedDraft(3);
        Order other = savedDraft(1);
        SelfieAdvice blurryTwice = new SelfieAdvice(
                EnumSet.of(AdviceFlag.BLURRY, AdviceFlag.SEVERAL_FACES, AdviceFlag.SAME_AS),
                Optional.of(selfie(order, 0)));
        SelfieAdvice dark = new SelfieAdvice(Set.of(AdviceFlag.TOO_DARK), Optional.empty());

        advices.record(order.id(), selfie(order, 0), SelfieAdvice.NONE);
        advices.record(order.id(), selfie(order, 2), blurryTwice);
        advices.record(other.id(), selfie(other, 0), dark);

        assertThat(advices.of(order.id()))
                .containsOnly(
                        org.assertj.core.api.Assertions.entry(selfie(order, 0), SelfieAdvice.NONE),
                        org.assertj.core.api.Assertions.entry(selfie(order, 2), blurryTwice));
        assertThat(advices.of(other.id())).containsOnlyKeys(selfie(other, 0));
        assertThat(advices.of(other.id()).get(selfie(other, 0))).isEqualTo(dark);
    }

    @Test
    void every_flag_survives_the_round_trip() {
        SelfieAdvices advices = advices();
        Order order = savedDraft(2);
        SelfieAdvice all = new SelfieAdvice(EnumSet.allOf(AdviceFlag.class), Optional.of(selfie(order, 0)));

        advices.record(order.id(), selfie(order, 1), all);

        assertThat(advices.of(order.id()).get(selfie(order, 1))).isEqualTo(all);
    }

    @Test
    void a_forgotten_selfie_has_no_advice_and_the_others_keep_theirs() {
        SelfieAdvices advices = advices();
        Order order = savedDraft(2);
        SelfieAdvice blurry = new SelfieAdvice(Set.of(AdviceFlag.BLURRY), Optional.empty());
        advices.record(order.id(), selfie(order, 0), blurry);
        advices.record(order.id(), selfie(order, 1), blurry);

        advices.forget(selfie(order, 0));
        advices.forget(selfie(order, 0)); // twice changes nothing

        assertThat(advices.of(order.id())).containsOnlyKeys(selfie(order, 1));
    }
}
