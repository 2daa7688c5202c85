package ai.kaptura.domain.account;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The account keeps the email only while active, and its last interaction feeds the biometric cap: R16, R11. */
class AccountTest {

    private final Fixtures f = new Fixtures();

    @Test
    @Tag("R16")
    void erasure_removes_the_email_and_keeps_only_the_pseudonymous_id() {
        Account erasing = f.account.beginErasure();
        assertThat(erasing.status()).isEqualTo(AccountStatus.ERASING);
        assertThat(erasing.mayProcess()).isFalse();

        Account erased = erasing.erased();

        assertThat(erased.status()).isEqualTo(AccountStatus.ERASED);
        assertThat(erased.email()).isEmpty();
        assertThat(erased.attestations()).isEmpty();
        assertThat(erased.id()).isEqualTo(f.account.id());
        assertThatThrownBy(erased::requireEmail).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(erased::beginErasure).isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R16")
    void an_erased_account_cannot_hold_an_email_and_a_live_one_must() {
        assertThatThrownBy(() -> f.accountAs(f.account.email(), AccountStatus.ERASED))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> f.accountAs(Optional.empty(), AccountStatus.ACTIVE))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R16")
    @Tag("R26")
    void rectification_replaces_the_email_of_a_live_account_only() {
        Account changed = f.account.changeEmail(EmailAddress.of("ada.new@example.org"), NOW);

        assertThat(changed.requireEmail().value()).isEqualTo("ada.new@example.org");
        assertThat(changed.lastInteractionAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> f.account.beginErasure().changeEmail(EmailAddress.of("x@example.org"), NOW))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R11")
    void last_interaction_only_moves_forward() {
        Account touched = f.account.touch(NOW.plus(Duration.ofDays(2)));

        assertThat(touched.lastInteractionAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
        assertThat(touched.touch(NOW).lastInteractionAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
    }
}
