package ai.kaptura.domain.retention;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R11: a legal hold on an account, placed and lifted by operators, and what it keeps. */
class AccountHoldTest {

    private static final Actor OPERATOR = new Actor(Actor.Kind.OPERATOR, "op-1");
    private final Fixtures f = new Fixtures();
    private final AccountId account = new AccountId(UUID.fromString("00000000-0000-0000-0000-0000000000a1"));

    private AccountHold.Active placed() {
        return AccountHold.place(
                new AccountHold.Id(UUID.fromString("00000000-0000-0000-0000-0000000000b1")),
                account,
                LegalHold.Basis.WARRANT,
                "Cook County 2028-L-001234",
                OPERATOR,
                "Preservation order in a fraud case",
                NOW);
    }

    @Test
    @Tag("R11")
    void a_hold_is_placed_by_an_operator_with_a_reference_and_a_reason_and_lifted_with_a_reason() {
        AccountHold.Active hold = placed();
        AccountHold.Lifted lifted = hold.lift(
                new Actor(Actor.Kind.OPERATOR, "op-2"), "The case was closed by the court", NOW.plusSeconds(60));

        assertThat(hold.hold()).isEqualTo(new LegalHold(LegalHold.Basis.WARRANT, "Cook County 2028-L-001234", NOW));
        assertThat(hold.legalBasis()).isEqualTo("GDPR Art. 17(3)(e): legal claims — warrant Cook County 2028-L-001234");
        assertThat(lifted.liftedBy().id()).isEqualTo("op-2");
        assertThat(lifted.liftReason()).isEqualTo("The case was closed by the court");
        assertThat(lifted.liftedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(lifted.id()).isEqualTo(hold.id());
    }

    @Test
    @Tag("R11")
    void a_hold_needs_an_operator_and_a_reason_of_ten_characters() {
        assertThatThrownBy(() -> AccountHold.place(
                        new AccountHold.Id(UUID.randomUUID()),
                        account,
                        LegalHold.Basis.SUBPOENA,
                        "case 1",
                        OPERATOR,
                        "too short",
                        NOW))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> AccountHold.place(
                        new AccountHold.Id(UUID.randomUUID()),
                        account,
                        LegalHold.Basis.SUBPOENA,
                        "case 1",
                        Actor.SYSTEM,
                        "A reason long enough",
                        NOW))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> placed().lift(OPERATOR, "   short  ", NOW)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> placed().lift(OPERATOR, "A reason long enough", NOW.minusSeconds(1)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R11")
    @Tag("R14")
    void a_hold_keeps_the_selfies_but_not_the_vendor_model() {
        Instant paidAt = NOW.plus(Duration.ofMinutes(10));
        Instant trainedAt = paidAt.plus(Duration.ofHours(1));
        Instant deliveredAt = paidAt.plus(Duration.ofHours(2));
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        BiometricRetention.Situation held =
                Fixtures.situation(delivered, f.account, List.of(), Optional.of(placed().hold()));

        Order swept = BiometricRetention.apply(held, policy, deliveredAt.plus(Duration.ofDays(1)));

        assertThat(swept.liveSelfies()).hasSize(8);
        assertThat(swept.model()).get().isInstanceOf(VendorModel.DeletionRequested.class);
    }
}
