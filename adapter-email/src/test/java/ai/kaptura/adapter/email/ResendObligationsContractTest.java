package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.contract.ProcessorObligationsContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rights contract for Resend. The processor comes to hold an address the way it does in production:
 * the Resend mailer sends the person a sign-in code through the local Resend stub. Resend's API has no way
 * to delete a sent message, so the outcomes below are statements, and the tests also prove they are made
 * without calling Resend at all.
 */
@Tag("R26")
@Tag("R27")
class ResendObligationsContractTest extends ProcessorObligationsContract {

    @RegisterExtension
    static final ResendStub RESEND = new ResendStub();

    @Override
    protected ProcessorObligations obligations() {
        return EmailAdapters.resendObligations(30);
    }

    @Override
    protected void processorHolds(ProcessorObligations adapter, AccountId account, EmailAddress email) {
        EmailAdapters.resend(
                        RESEND.base(),
                        ResendStub.API_KEY,
                        "Kaptura <no-reply@kaptura.example>",
                        Duration.ofSeconds(5),
                        1,
                        java.time.InstantSource.system())
                .send(new Mail.SignInCode(
                        email, "sign-in:" + account.value(), "482913", "https://kaptura.example/auth/link?token=abc"));
        assertThat(RESEND.delivered()).anySatisfy(d -> assertThat(d.to()).contains(email.value()));
    }

    @Test
    @Tag("R33")
    void it_answers_for_the_same_name_as_the_resend_mailer_and_its_registry_entry() {
        assertThat(obligations().processorName())
                .isEqualTo(EmailAdapters.resendProcessor(
                                "DPA", Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                        .name())
                .isEqualTo(EmailAdapters.resend(
                                RESEND.base(),
                                ResendStub.API_KEY,
                                "Kaptura <no-reply@kaptura.example>",
                                Duration.ofSeconds(5),
                                java.time.InstantSource.system())
                        .processorName()
                        .orElseThrow());
    }

    @Test
    @Tag("R16")
    void a_retained_location_must_name_an_article_17_3_ground_and_its_lapse_date() {
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
        processorHolds(obligations(), ada.id(), ada.email());

        LocationOutcome.RetainedWithBasis kept = ErasureOutcomes.retainedAfterErasing(obligations(), ada);

        assertThat(kept.whatIsKept()).contains("Resend's logs").contains("recipient address");
        assertThat(kept.ground()).isEqualTo(RetentionGround.LEGAL_CLAIMS);
        assertThat(kept.ground().article()).isEqualTo("GDPR Art. 17(3)(e)");
        assertThat(kept.detail())
                .contains("cannot delete a sent message")
                .contains("30 days")
                .contains("RESEND_LOG_RETENTION_DAYS")
                .doesNotContain("No law requires");
        assertThat(kept.lapsesOn())
                .as("the day after the plan's data retention ends, counted from the erasure")
                .isEqualTo(
                        LocalDate.ofInstant(VendorFixtures.NOW, ZoneOffset.UTC).plusDays(31));
    }

    @Test
    @Tag("R16")
    void the_lapse_date_follows_the_retention_of_the_operators_resend_plan() {
        LocationOutcome outcome = EmailAdapters.resendObligations(1)
                .erase(new AccountId(UUID.randomUUID()), List.of(), VendorFixtures.NOW);

        assertThat(((LocationOutcome.RetainedWithBasis) outcome).lapsesOn())
                .isEqualTo(
                        LocalDate.ofInstant(VendorFixtures.NOW, ZoneOffset.UTC).plusDays(2));
        for (int days : new int[] {0, -1, 3651}) {
            assertThatThrownBy(() -> EmailAdapters.resendObligations(days))
                    .as("%d days", days)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RESEND_LOG_RETENTION_DAYS");
        }
    }

    @Test
    void erasure_and_rectification_ask_resend_nothing_because_its_api_offers_nothing_to_ask() {
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
        processorHolds(obligations(), ada.id(), ada.email());
        int before = RESEND.requests().size();

        obligations().erase(ada.id(), List.of(ada.order()), VendorFixtures.NOW);
        obligations().rectifyEmail(ada.id(), EmailAddress.of("ada.byron@example.org"));

        assertThat(RESEND.requests()).hasSize(before);
    }

    @Test
    void rectification_says_future_mail_goes_to_the_corrected_address_and_what_stays_in_the_logs() {
        String done = obligations()
                .rectifyEmail(new AccountId(UUID.randomUUID()), EmailAddress.of("new.address@example.org"));

        assertThat(done)
                .contains("Nothing to change at Resend")
                .contains("mail from now on goes to the corrected address")
                .contains("Resend's log retention period")
                .doesNotContain("@");
    }
}
