package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.contract.ProcessorObligationsContract;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FakeProcessorObligationsTest extends ProcessorObligationsContract {

    @Override
    protected ProcessorObligations obligations() {
        return new FakeProcessorObligations("test-processor");
    }

    @Override
    protected void processorHolds(ProcessorObligations adapter, AccountId account, EmailAddress email) {
        ((FakeProcessorObligations) adapter).holds(account, email);
    }

    @Test
    void the_fake_rectifies_what_it_holds_and_fails_when_unreachable() {
        FakeProcessorObligations fake = new FakeProcessorObligations("test-processor");
        AccountId account = new AccountId(UUID.randomUUID());
        fake.holds(account, EmailAddress.of("old@example.com"));

        fake.rectifyEmail(account, EmailAddress.of("new@example.com"));
        assertThat(fake.addressHeldFor(account)).contains("new@example.com");

        fake.reachable(false);
        assertThatThrownBy(() -> fake.erase(account, List.of(), NOW)).isInstanceOf(IllegalStateException.class);
        fake.reachable(true);
        assertThat(fake.erase(account, List.of(), NOW)).isInstanceOf(LocationOutcome.Erased.class);
        fake.retainsPayments(true);
        assertThat(fake.erase(account, List.of(), NOW)).isInstanceOf(LocationOutcome.RetainedWithBasis.class);
    }
}
