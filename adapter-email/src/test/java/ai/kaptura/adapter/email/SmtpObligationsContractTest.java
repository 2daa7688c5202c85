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
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rights contract for the operator's SMTP provider. The provider comes to hold an address the way it does
 * in production: the SMTP mailer hands it a sign-in code (GreenMail on a free port). SMTP can neither correct
 * nor delete anything, so the outcomes say what stays with the provider and that the operator must act.
 */
@Tag("R26")
@Tag("R27")
class SmtpObligationsContractTest extends ProcessorObligationsContract {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String NAME = "mail-provider";

    @Override
    protected ProcessorObligations obligations() {
        return EmailAdapters.smtpObligations(NAME, 30);
    }

    @Override
    protected void processorHolds(ProcessorObligations adapter, AccountId account, EmailAddress email) {
        LocalSmtp.plain(SMTP, adapter.processorName(), InstantSource.fixed(VendorFixtures.NOW))
                .send(new Mail.SignInCode(
                        email, "sign-in:" + account.value(), "482913", "https://kaptura.example/auth/link?token=abc"));
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(Received::of))
                .anySatisfy(r -> assertThat(r.to()).contains(email.value()));
    }

    @Test
    @Tag("R33")
    void it_answers_for_the_name_the_operator_gave_the_mailer_and_the_registry_entry() {
        ProcessorObligations obligations = EmailAdapters.smtpObligations("  eu-mail-1 ", 30);

        assertThat(obligations.processorName())
                .isEqualTo("eu-mail-1")
                .isEqualTo(LocalSmtp.remote("eu-mail-1").processorName().orElseThrow())
                .isEqualTo(EmailAdapters.smtpProcessor(
                                "eu-mail-1",
                                "Example Mail GmbH",
                                "DE",
                                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                                "DPA")
                        .name());
    }

    @Test
    @Tag("R16")
    void a_retained_location_must_name_an_article_17_3_ground_and_its_lapse_date() {
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
        ProcessorObligations obligations = obligations();
        processorHolds(obligations, ada.id(), ada.email());

        LocationOutcome.RetainedWithBasis kept = ErasureOutcomes.retainedAfterErasing(obligations, ada);

        assertThat(kept.whatIsKept()).contains("mail provider's logs").contains("recipient address");
        assertThat(kept.ground()).isEqualTo(RetentionGround.LEGAL_CLAIMS);
        assertThat(kept.detail())
                .contains("SMTP cannot delete")
                .contains("30 days")
                .contains("KAPTURA_SMTP_LOG_RETENTION_DAYS")
                .doesNotContain("No law");
        assertThat(kept.lapsesOn())
                .isEqualTo(
                        LocalDate.ofInstant(VendorFixtures.NOW, ZoneOffset.UTC).plusDays(31));
    }

    @Test
    void the_retention_the_operator_states_sets_the_lapse_date_and_is_repeated_on_rectification() {
        ProcessorObligations obligations = EmailAdapters.smtpObligations(NAME, 7);

        LocationOutcome outcome = obligations.erase(new AccountId(UUID.randomUUID()), List.of(), VendorFixtures.NOW);
        String rectified =
                obligations.rectifyEmail(new AccountId(UUID.randomUUID()), EmailAddress.of("new@example.org"));

        assertThat(((LocationOutcome.RetainedWithBasis) outcome).lapsesOn())
                .isEqualTo(
                        LocalDate.ofInstant(VendorFixtures.NOW, ZoneOffset.UTC).plusDays(8));
        assertThat(rectified).contains("for 7 days (the provider's log retention)");
    }

    @Test
    void the_longest_name_and_retention_allowed_still_make_a_valid_outcome() {
        ProcessorObligations obligations =
                EmailAdapters.smtpObligations("m".repeat(80), SmtpObligations.MAX_RETENTION_DAYS);

        assertThat(obligations.erase(new AccountId(UUID.randomUUID()), List.of(), VendorFixtures.NOW))
                .isInstanceOf(LocationOutcome.RetainedWithBasis.class);
        assertThat(obligations.rectifyEmail(new AccountId(UUID.randomUUID()), EmailAddress.of("new@example.org")))
                .isNotBlank();
    }

    @Test
    void rectification_says_future_mail_goes_to_the_corrected_address_and_asks_the_provider_nothing() {
        int before = SMTP.getReceivedMessages().length;

        String done = obligations()
                .rectifyEmail(new AccountId(UUID.randomUUID()), EmailAddress.of("new.address@example.org"));

        assertThat(done)
                .contains("Nothing to change at the mail provider (mail-provider)")
                .contains("mail from now on goes to the corrected address")
                .doesNotContain("@");
        assertThat(SMTP.getReceivedMessages()).hasSize(before);
    }

    @Test
    @Tag("R33")
    void a_name_that_is_not_a_registry_name_or_a_retention_that_is_not_a_number_of_days_is_refused() {
        for (String name :
                Arrays.asList(null, "", "  ", "Mail Provider", "-smtp", "smtp@example.org", "m".repeat(81))) {
            assertThatThrownBy(() -> EmailAdapters.smtpObligations(name, 30))
                    .as("name %s", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("R33");
        }
        assertThatThrownBy(() -> LocalSmtp.remote("Mail Provider"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("R33");
        for (int days : new int[] {0, -30, SmtpObligations.MAX_RETENTION_DAYS + 1}) {
            assertThatThrownBy(() -> EmailAdapters.smtpObligations(NAME, days))
                    .as("retention of %d days", days)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("KAPTURA_SMTP_LOG_RETENTION_DAYS");
        }
    }
}
