package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The registry is complete (R33, R35): Google Analytics when configured, the object store's provider and the database
 * host when they are not on this machine, and the SMTP provider are processors with their entries, each with the
 * transfer basis the operator sets, never one the code assumes.
 */
@Tag("R33")
@Tag("R35")
class InfrastructureProcessorsTest {

    private static final Map<String, String> EXTERNAL_STORE = Map.of(
            "KAPTURA_BLOBSTORE", "s3",
            "KAPTURA_BLOBSTORE_ENDPOINT", "https://s3.eu-central-1.objects.example.net",
            "KAPTURA_BLOBSTORE_IDENTITY", "access",
            "KAPTURA_BLOBSTORE_CREDENTIAL", "secret");

    private static List<ConfiguredProcessor> entries(Map<String, String> env) {
        return VendorModule.processorEntries(Configuration.from(env));
    }

    private static Optional<Processor> entry(Map<String, String> env, String name) {
        return entries(env).stream()
                .map(ConfiguredProcessor::entry)
                .filter(p -> p.name().equals(name))
                .findFirst();
    }

    @Test
    void the_embedded_defaults_have_no_processor_at_all() {
        assertThat(entries(Map.of())).isEmpty();
    }

    @Test
    void an_external_object_store_is_listed_as_a_processor_with_its_configured_transfer_basis() {
        Map<String, String> env = new HashMap<>(EXTERNAL_STORE);
        env.putAll(Map.of(
                "KAPTURA_BLOBSTORE_LEGAL_NAME", "Objects Example GmbH",
                "KAPTURA_BLOBSTORE_COUNTRY", "de",
                "KAPTURA_BLOBSTORE_TRANSFER", "none_needed_within_eea",
                "KAPTURA_BLOBSTORE_DPA_REFERENCE", "DPA-OBJ-2026"));

        Processor store = entry(env, "object-store").orElseThrow();

        assertThat(store.isComplete()).isTrue();
        assertThat(store.legalName()).isEqualTo("Objects Example GmbH");
        assertThat(store.country()).isEqualTo("DE");
        assertThat(store.transfer()).contains(TransferMechanism.NONE_NEEDED_WITHIN_EEA);
        assertThat(store.categories()).containsExactlyInAnyOrder(DataCategory.SELFIE, DataCategory.HEADSHOT);

        env.put("KAPTURA_BLOBSTORE_TRANSFER", "STANDARD_CONTRACTUAL_CLAUSES");
        assertThat(entry(env, "object-store").orElseThrow().transfer())
                .as("the basis is the setting's, whatever it is")
                .contains(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES);
    }

    @Test
    void an_external_object_store_without_its_transfer_basis_is_named_with_the_variables_to_set() {
        List<String> problems = Kaptura.incompleteProcessors(entries(EXTERNAL_STORE));

        assertThat(problems)
                .singleElement()
                .asString()
                .contains("object-store", "KAPTURA_BLOBSTORE_TRANSFER", "KAPTURA_BLOBSTORE_DPA_REFERENCE");
        Map<String, String> wrong = new HashMap<>(EXTERNAL_STORE);
        wrong.put("KAPTURA_BLOBSTORE_TRANSFER", "trust-us");
        assertThatThrownBy(() -> Configuration.from(wrong))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("KAPTURA_BLOBSTORE_TRANSFER must be one of");
    }

    @Test
    void an_object_store_on_this_machine_is_no_processor() {
        for (Map<String, String> local : List.of(
                Map.<String, String>of(),
                Map.of("KAPTURA_BLOBSTORE", "transient"),
                Map.of(
                        "KAPTURA_BLOBSTORE", "s3",
                        "KAPTURA_BLOBSTORE_ENDPOINT", "http://127.0.0.1:9000",
                        "KAPTURA_BLOBSTORE_IDENTITY", "a",
                        "KAPTURA_BLOBSTORE_CREDENTIAL", "b"),
                Map.of(
                        "KAPTURA_BLOBSTORE", "s3",
                        "KAPTURA_BLOBSTORE_ENDPOINT", "http://localhost:9000",
                        "KAPTURA_BLOBSTORE_IDENTITY", "a",
                        "KAPTURA_BLOBSTORE_CREDENTIAL", "b"))) {
            assertThat(entry(local, "object-store")).as(local.toString()).isEmpty();
        }
        assertThat(entry(
                        Map.of(
                                "KAPTURA_BLOBSTORE",
                                "aws-s3",
                                "KAPTURA_BLOBSTORE_IDENTITY",
                                "a",
                                "KAPTURA_BLOBSTORE_CREDENTIAL",
                                "b"),
                        "object-store"))
                .as("Amazon S3 itself")
                .isPresent();
    }

    @Test
    void a_database_on_another_host_is_listed_as_a_processor_with_its_configured_transfer_basis() {
        Map<String, String> env = Map.of(
                "KAPTURA_DATABASE_URL", "jdbc:postgresql://db.eu-west-1.rds.example.com:5432/kaptura",
                "KAPTURA_DATABASE_PROCESSOR", "managed-postgres",
                "KAPTURA_DATABASE_LEGAL_NAME", "Example Cloud Ireland Ltd",
                "KAPTURA_DATABASE_COUNTRY", "IE",
                "KAPTURA_DATABASE_TRANSFER", "NONE_NEEDED_WITHIN_EEA",
                "KAPTURA_DATABASE_DPA_REFERENCE", "DPA-DB-1");

        Processor database = entry(env, "managed-postgres").orElseThrow();

        assertThat(database.isComplete()).isTrue();
        assertThat(database.transfer()).contains(TransferMechanism.NONE_NEEDED_WITHIN_EEA);
        assertThat(database.categories()).contains(DataCategory.ACCOUNT, DataCategory.AUDIT_ENTRY);
        assertThat(database.categories()).doesNotContain(DataCategory.SELFIE);
    }

    @Test
    void whether_the_database_is_on_this_machine_follows_every_host_of_its_url() {
        assertThat(Configuration.isLocalDatabase(Optional.empty())).isTrue();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:h2:file:/var/lib/kaptura/db")))
                .isTrue();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:postgresql://127.0.0.1:5432/test")))
                .isTrue();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:postgresql://localhost/kaptura?ssl=true")))
                .isTrue();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:postgresql://[::1]:5432/kaptura")))
                .isTrue();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:postgresql:///kaptura?host=/run/postgresql")))
                .isTrue();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:postgresql://db.example.internal:5432/kaptura")))
                .isFalse();
        assertThat(Configuration.isLocalDatabase(
                        Optional.of("jdbc:postgresql://127.0.0.1:5432,replica.example.net:5432/kaptura")))
                .as("a replica elsewhere is elsewhere")
                .isFalse();
        assertThat(Configuration.isLocalDatabase(Optional.of("jdbc:h2:tcp://10.0.0.7:9092/kaptura")))
                .isFalse();
    }

    @Test
    void google_analytics_when_configured_is_a_recipient_with_its_configured_transfer_basis() {
        assertThat(entry(Map.of(), "google-analytics")).as("not configured").isEmpty();

        Processor ga = entry(
                        Map.of(
                                "KAPTURA_GA4_ID", "G-ABC123XYZ",
                                "KAPTURA_GA_TRANSFER", "EU_US_DATA_PRIVACY_FRAMEWORK",
                                "KAPTURA_GA_DPA_REFERENCE", "Google Ads Data Processing Terms, accepted 2026-11-02"),
                        "google-analytics")
                .orElseThrow();

        assertThat(ga.isComplete()).isTrue();
        assertThat(ga.legalName()).isEqualTo("Google Ireland Limited");
        assertThat(ga.country()).isEqualTo("US");
        assertThat(ga.transfer()).contains(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK);
        assertThat(ga.categories()).containsExactly(DataCategory.COOKIE_CHOICE);
        assertThat(Kaptura.incompleteProcessors(entries(Map.of("KAPTURA_GA4_ID", "G-ABC123XYZ"))))
                .singleElement()
                .asString()
                .contains("google-analytics", "KAPTURA_GA_TRANSFER", "KAPTURA_GA_DPA_REFERENCE");
    }

    @Test
    void the_smtp_provider_is_a_processor_with_its_configured_transfer_basis_and_log_retention() {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAPTURA_EMAIL", "smtp",
                "KAPTURA_SMTP_HOST", "smtp.mail.example.eu",
                "KAPTURA_SMTP_PROCESSOR", "example-mail",
                "KAPTURA_SMTP_LEGAL_NAME", "Example Mail SE",
                "KAPTURA_SMTP_COUNTRY", "FR",
                "KAPTURA_SMTP_TRANSFER", "NONE_NEEDED_WITHIN_EEA",
                "KAPTURA_SMTP_DPA_REFERENCE", "DPA-MAIL-3"));
        assertThatThrownBy(() -> Configuration.from(env))
                .as("erasure must know when the provider's logs lapse (R27)")
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("KAPTURA_SMTP_LOG_RETENTION_DAYS is required");

        env.put("KAPTURA_SMTP_LOG_RETENTION_DAYS", "45");
        Processor smtp = entry(env, "example-mail").orElseThrow();

        assertThat(smtp.isComplete()).isTrue();
        assertThat(smtp.transfer()).contains(TransferMechanism.NONE_NEEDED_WITHIN_EEA);
        assertThat(Configuration.from(env).email().smtpLogRetentionDays()).contains(45);

        env.put("KAPTURA_SMTP_LOG_RETENTION", "30 days");
        assertThatThrownBy(() -> Configuration.from(env))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("KAPTURA_SMTP_LOG_RETENTION was replaced by KAPTURA_SMTP_LOG_RETENTION_DAYS");
    }

    @Test
    void every_list_of_recipients_covers_the_infrastructure_entries_as_well_as_the_vendors() {
        Map<String, String> env = new HashMap<>(EXTERNAL_STORE);
        env.put("KAPTURA_GA4_ID", "G-ABC123XYZ");

        assertThat(ConfiguredProcessor.listed(List.of("stripe"), entries(env)))
                .containsExactlyInAnyOrder("stripe", "google-analytics", "object-store");
    }
}
