package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.contract.ProcessorObligationsContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.InstantSource;
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
        return EmailAdapters.smtpObligations(NAME, "");
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
        ProcessorObligations obligations = EmailAdapters.smtpObligations("  eu-mail-1 ", "");

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
    void erasure_states_that_the_providers_logs_stay_under_its_retention_and_that_the_operator_must_have_them_erased() {
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
        ProcessorObligations obligations = obligations();
        processorHolds(obligations, ada.id(), ada.email());

        LocationOutcome.RetainedWithBasis kept = ErasureOutcomes.retainedAfterErasing(obligations, ada);

        assertThat(kept.whatIsKept())
                .contains("mail provider's logs")
                .contains("recipient address")
                .endsWith("for the provider's own log retention period");
        assertThat(kept.legalBasis())
                .contains("No law known to Kaptura requires these logs")
                .contains("SMTP cannot delete them")
                .contains("The operator must have the provider erase them");
        assertThat(kept.whatIsKept() + kept.legalBasis()).doesNotContainPattern("\\d+\\s*(hour|day|week|month|year)");
    }

    @Test
    void a_retention_the_operator_states_is_repeated_as_the_operators_statement() {
        ProcessorObligations obligations = EmailAdapters.smtpObligations(NAME, " 30 days ");

        LocationOutcome outcome = obligations.erase(new AccountId(UUID.randomUUID()), List.of(), VendorFixtures.NOW);
        String rectified =
                obligations.rectifyEmail(new AccountId(UUID.randomUUID()), EmailAddress.of("new@example.org"));

        assertThat(((LocationOutcome.RetainedWithBasis) outcome).whatIsKept())
                .endsWith("for 30 days (the provider's log retention, as the operator states it)");
        assertThat(rectified).contains("for 30 days (the provider's log retention, as the operator states it)");
    }

    @Test
    void the_longest_name_and_retention_allowed_still_make_a_valid_outcome() {
        ProcessorObligations obligations =
                EmailAdapters.smtpObligations("m".repeat(80), "r".repeat(SmtpObligations.MAX_RETENTION_TEXT));

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
    void a_name_that_is_not_a_registry_name_or_a_retention_that_is_not_a_short_phrase_is_refused() {
        for (String name :
                Arrays.asList(null, "", "  ", "Mail Provider", "-smtp", "smtp@example.org", "m".repeat(81))) {
            assertThatThrownBy(() -> EmailAdapters.smtpObligations(name, ""))
                    .as("name %s", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("R33");
        }
        assertThatThrownBy(() -> LocalSmtp.remote("Mail Provider"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("R33");
        for (String retention : List.of("30 days\nBcc: x", "ask privacy@provider.example", "r".repeat(101))) {
            assertThatThrownBy(() -> EmailAdapters.smtpObligations(NAME, retention))
                    .as("retention %s", retention)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("KAPTURA_SMTP_LOG_RETENTION");
        }
        assertThat(EmailAdapters.smtpObligations(NAME, null)
                        .erase(new AccountId(UUID.randomUUID()), List.of(), VendorFixtures.NOW))
                .isInstanceOf(LocationOutcome.RetainedWithBasis.class);
    }
}
