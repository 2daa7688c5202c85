package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.FakeProcessorObligations;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Processors and what the auditor reads: R27, R33, R35. */
class ProcessorsAndAuditorTest {

    private final FakeProcessorObligations vendor = new FakeProcessorObligations("test-ai");
    private final TestKaptura k = new TestKaptura(
                    c -> new NamedGenerator(new FakeHeadshotGenerator("s", c), "test-ai"),
                    c -> new FakePaymentGateway("whsec_test", c),
                    List.of(vendor))
            .withPolicy();

    @Test
    @Tag("R33")
    void selfies_never_go_to_a_processor_missing_from_the_registry() {
        Journey j = new Journey(k, "ada@example.com").training();

        assertThat(k.failedJobs).anyMatch(f -> f.startsWith("SUBMIT_TRAINING") && f.contains("not in the registry"));
        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);

        k.stores
                .processors()
                .register(new Processor(
                        "test-ai",
                        "Test AI Inc.",
                        "",
                        EnumSet.of(DataCategory.SELFIE),
                        "US",
                        Optional.empty(),
                        "DPA-1"));
        k.clock.advance(java.time.Duration.ofMinutes(1));
        k.runDueJobs();
        assertThat(j.current().status()).as("an incomplete entry is not enough").isEqualTo(OrderStatus.PAID);
        assertThat(k.failedJobs).anyMatch(f -> f.contains("incomplete entry"));

        k.stores.processors().register(vendor.registryEntry(DataCategory.SELFIE, DataCategory.VENDOR_MODEL));
        k.clock.advance(java.time.Duration.ofMinutes(1));
        k.runDueJobs();
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
    }

    /** Not only the jobs' mail: a sign-in code is account data too, and goes to no unregistered email processor. */
    @Test
    @Tag("R33")
    void no_mail_of_any_kind_goes_to_an_email_processor_missing_from_the_registry() {
        FakeProcessorObligations mail = new FakeProcessorObligations("test-mail");
        TestKaptura withMail = new TestKaptura(
                        c -> new FakeHeadshotGenerator("s", c),
                        c -> new FakePaymentGateway("whsec_test", c),
                        List.of(mail),
                        Optional.of("test-mail"))
                .withPolicy();
        EmailAddress ada = new EmailAddress("ada@example.com");

        assertThatThrownBy(() -> withMail.signIn.start(new SignIn.Start(ada)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("R33");
        assertThat(withMail.mailer.delivered()).isEmpty();

        withMail.stores.processors().register(mail.registryEntry(DataCategory.ACCOUNT));
        withMail.signIn.start(new SignIn.Start(ada));
        assertThat(withMail.mailer.delivered()).singleElement().isInstanceOf(Mail.SignInCode.class);
    }

    @Test
    @Tag("R35")
    void the_record_of_processing_is_generated_from_the_registry_the_retention_policy_and_the_configured_vendors() {
        k.stores.processors().register(vendor.registryEntry(DataCategory.SELFIE, DataCategory.VENDOR_MODEL));
        k.stores
                .processors()
                .register(new Processor(
                        "unused-mail",
                        "Unused Mail Ltd",
                        "email",
                        EnumSet.of(DataCategory.ACCOUNT),
                        "IE",
                        Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                        "DPA-2"));

        RecordOfProcessing ropa = k.auditor.recordOfProcessing();
        String text = ropa.asText();

        assertThat(text)
                .contains("test-ai Ltd", "IE", "DPA-test-ai")
                .doesNotContain("Unused Mail Ltd")
                .contains("3 years")
                .contains("Kaptura Test Ltd");
        assertThat(ropa.entries())
                .anySatisfy(e -> assertThat(e.recipients())
                        .extracting(RecordOfProcessing.Recipient::name)
                        .containsExactly("test-ai"));
    }

    @Test
    @Tag("R27")
    void erasure_reaches_every_configured_processor_and_records_its_answer() {
        k.stores.processors().register(vendor.registryEntry(DataCategory.SELFIE, DataCategory.VENDOR_MODEL));
        vendor.retainsPayments(false);
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        vendor.reachable(false);

        var accepted = k.erase.erase(j.account);
        k.runDueJobs();
        PrivacyRequest open = k.request(accepted.request());
        assertThat(open.isOpen()).isTrue();
        assertThat(open.checklist().orElseThrow().missing()).contains(Location.processor("test-ai"));

        vendor.reachable(true);
        k.clock.advance(java.time.Duration.ofMinutes(1));
        k.runDueJobs();
        PrivacyRequest done = k.request(accepted.request());
        assertThat(done.status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(done.checklist().orElseThrow().items().get(Location.processor("test-ai")))
                .isPresent();
        assertThat(vendor.erased()).containsExactly(j.account);
    }

    @Test
    void the_rule_catalogue_is_available_to_the_auditor() {
        assertThat(k.auditor.rules()).hasSize(ai.kaptura.domain.rule.Rule.values().length);
        assertThat(k.auditor.retentionSchedule().entries()).hasSize(DataCategory.values().length);
    }
}
