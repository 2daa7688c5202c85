package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class EmailAdaptersTest {

    @Test
    @Tag("R33")
    void resends_registry_entry_is_complete_with_a_dpa_reference() {
        Processor resend = EmailAdapters.resendProcessor(
                "DPA accepted 2026-10-01, filed at legal/resend-dpa.pdf",
                Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES));

        assertThat(resend.isComplete()).isTrue();
        assertThat(resend.name()).isEqualTo("resend");
        assertThat(resend.legalName()).contains("Resend");
        assertThat(resend.country()).isEqualTo("US");
        assertThat(resend.transfer()).contains(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES);
        assertThat(resend.categories()).containsExactly(DataCategory.ACCOUNT);
        assertThat(resend.purpose()).containsIgnoringCase("email");
    }

    @Test
    @Tag("R33")
    void without_a_dpa_reference_resends_entry_is_incomplete_so_nothing_goes_to_resend() {
        assertThat(EmailAdapters.resendProcessor("", Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                        .missing())
                .containsExactly("DPA reference");
        assertThat(EmailAdapters.resendProcessor(null, Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                        .missing())
                .containsExactly("DPA reference");
    }

    @Test
    @Tag("R33")
    void the_resend_mailer_answers_the_name_of_its_registry_entry() {
        assertThat(EmailAdapters.resend(
                                EmailAdapters.RESEND_API,
                                "re_123",
                                "Kaptura <no-reply@kaptura.example>",
                                Duration.ofSeconds(5),
                                java.time.InstantSource.system())
                        .processorName())
                .contains(
                        EmailAdapters.resendProcessor("x", Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                                .name());
    }

    @Test
    @Tag("R33")
    void an_smtp_providers_entry_is_complete_only_with_what_the_operator_knows() {
        Processor complete = EmailAdapters.smtpProcessor(
                "mail-provider",
                "Example Mail GmbH",
                "DE",
                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                "DPA 2026-07, legal/mail-dpa.pdf");
        Processor blank = EmailAdapters.smtpProcessor("smtp", "", "", Optional.empty(), "");

        assertThat(complete.isComplete()).isTrue();
        assertThat(complete.categories()).containsExactly(DataCategory.ACCOUNT);
        assertThat(blank.missing())
                .containsExactlyInAnyOrder(
                        "legal name", "country (ISO 3166 code)", "transfer mechanism", "DPA reference");
    }

    @Test
    @Tag("R37")
    void the_outbox_involves_no_processor() {
        assertThat(EmailAdapters.outbox(Path.of("outbox"), java.time.InstantSource.system())
                        .processorName())
                .isEmpty();
    }

    @Test
    void the_module_has_one_public_class_its_entry() throws IOException, URISyntaxException {
        Path classes = Path.of(EmailAdapters.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("ai/kaptura/adapter/email");
        List<String> names;
        try (Stream<Path> files = Files.list(classes)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> "ai.kaptura.adapter.email." + n.substring(0, n.length() - ".class".length()))
                    .toList();
        }
        assertThat(names).hasSizeGreaterThan(5);
        List<String> publicOnes = names.stream()
                .filter(n -> {
                    try {
                        return Modifier.isPublic(
                                Class.forName(n, false, getClass().getClassLoader())
                                        .getModifiers());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(publicOnes).containsExactly(EmailAdapters.class.getName());
    }
}
