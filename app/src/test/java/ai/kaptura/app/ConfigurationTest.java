package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.adapter.astria.AstriaAdapter;
import ai.kaptura.adapter.http.HttpAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.processor.TransferMechanism;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are read with defaults for the embedded mode, refused with the variable's name, and stricter in production. */
class ConfigurationTest {

    /** Stripe as the payment processor, with test keys. */
    private static final Map<String, String> STRIPE = Map.of(
            "KAPTURA_PAYMENTS", "stripe", "STRIPE_SECRET_KEY", "sk_test_abc", "STRIPE_WEBHOOK_SECRET", "whsec_abc");

    @TempDir
    Path dataDir;

    @Test
    void nothing_set_means_the_embedded_defaults_with_no_vendor_outside_the_machine() {
        Configuration config = Configuration.from(Map.of());

        assertThat(config.port()).isEqualTo(7070);
        assertThat(config.baseUrl().toString()).isEqualTo("http://localhost:7070");
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.storage().provider()).isEqualTo("filesystem");
        assertThat(config.generator().kind()).isEqualTo(Configuration.GeneratorKind.SANDBOX);
        assertThat(config.payments().kind()).isEqualTo(Configuration.PaymentsKind.SANDBOX);
        assertThat(config.email().kind()).isEqualTo(Configuration.EmailKind.OUTBOX);
        assertThat(config.ga4Id()).isEmpty();
    }

    @Test
    @Tag("R49")
    void alarm_mail_goes_to_the_address_set_and_nowhere_without_one() {
        assertThat(Configuration.from(Map.of()).privacy().alarmEmail()).isEmpty();
        assertThat(Configuration.from(Map.of("KAPTURA_ALARM_EMAIL", " Privacy-Alarms@Example.org "))
                        .privacy()
                        .alarmEmail())
                .contains(EmailAddress.of("privacy-alarms@example.org"));
        assertThatThrownBy(() -> Configuration.from(Map.of("KAPTURA_ALARM_EMAIL", "ops, dpo@example.org")))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("KAPTURA_ALARM_EMAIL");
    }

    @Test
    void every_wrong_setting_is_reported_at_once_by_its_variable_without_echoing_secrets() {
        Map<String, String> env = Map.of(
                "KAPTURA_PORT", "seventy",
                "KAPTURA_GENERATOR", "midjourney",
                "KAPTURA_PAYMENTS", "stripe",
                "STRIPE_SECRET_KEY", "pk_live_hunter2",
                "KAPTURA_GA4_ID", "UA-1234",
                "KAPTURA_SANDBOX_DELAY", "soon",
                "KAPTURA_AUDITOR_TOKENS", "short",
                "KAPTURA_BASE_URL", "ftp://example.org");

        assertRefusedNaming(
                        env,
                        "KAPTURA_PORT",
                        "KAPTURA_GENERATOR",
                        "STRIPE_SECRET_KEY",
                        "STRIPE_WEBHOOK_SECRET",
                        "KAPTURA_GA4_ID",
                        "KAPTURA_SANDBOX_DELAY",
                        "KAPTURA_AUDITOR_TOKENS",
                        "KAPTURA_BASE_URL")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void stripes_api_is_stripes_unless_pointed_elsewhere_and_only_https_in_production() {
        Map<String, String> env = new HashMap<>(STRIPE);
        assertThat(Configuration.from(env).payments().stripeApiBase().toString())
                .isEqualTo("https://api.stripe.com");

        env.put("STRIPE_API_BASE", "http://127.0.0.1:12111/");
        Configuration stub = Configuration.from(env);

        assertThat(stub.payments().stripeApiBase().toString()).isEqualTo("http://127.0.0.1:12111");
        assertThat(stub.productionProblems()).anySatisfy(p -> assertThat(p).contains("STRIPE_API_BASE", "https"));
        env.put("STRIPE_API_BASE", "stripe.example");
        assertThatThrownBy(() -> Configuration.from(env)).hasMessageContaining("STRIPE_API_BASE");
    }

    @Test
    void resends_api_is_the_default_and_a_local_stub_may_stand_in_for_it() {
        Map<String, String> env = new HashMap<>(Map.of("KAPTURA_EMAIL", "resend", "RESEND_API_KEY", "re_abc"));
        assertThat(Configuration.from(env).email().resendApiBase().toString()).isEqualTo("https://api.resend.com");

        env.put("RESEND_API_BASE", "http://127.0.0.1:12112/");
        assertThat(Configuration.from(env).email().resendApiBase().toString()).isEqualTo("http://127.0.0.1:12112");
        env.put("RESEND_API_BASE", "resend.example");
        assertThatThrownBy(() -> Configuration.from(env)).hasMessageContaining("RESEND_API_BASE");
    }

    @Test
    @Tag("R33")
    void production_refuses_every_stand_in_and_every_generated_secret() {
        assertThatThrownBy(() -> Configuration.from(Map.of("KAPTURA_PRODUCTION", "true")))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContainingAll(
                        "KAPTURA_GENERATOR=sandbox",
                        "KAPTURA_PAYMENTS=sandbox",
                        "KAPTURA_EMAIL=outbox",
                        "KAPTURA_MASTER_KEY",
                        "KAPTURA_CALLBACK_SECRET",
                        "KAPTURA_AUDIT_KEY",
                        "KAPTURA_BASE_URL");
    }

    @Test
    @Tag("R33")
    void production_with_real_vendors_and_its_own_keys_is_accepted() {
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_PRODUCTION", "true");
        env.put("KAPTURA_BASE_URL", "https://headshots.example.org");
        env.put("KAPTURA_GENERATOR", "astria");
        env.put("ASTRIA_API_KEY", "sd_test_key");
        env.putAll(STRIPE);
        env.put("STRIPE_TRANSFER", "NONE_NEEDED_WITHIN_EEA");
        env.put("KAPTURA_EMAIL", "resend");
        env.put("RESEND_API_KEY", "re_abc");
        env.put("KAPTURA_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        env.put("KAPTURA_CALLBACK_SECRET", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        env.put("KAPTURA_AUDIT_KEY", "YXVkaXQta2V5LXNlZWQtb2YtMzItYnl0ZXMtZXhhY3Q=");

        Configuration config = Configuration.from(env);

        assertThat(config.productionProblems()).isEmpty();
        assertThat(config.generator().kind()).isEqualTo(Configuration.GeneratorKind.ASTRIA);
    }

    @Test
    @Tag("R33")
    void a_real_vendor_without_a_complete_processor_entry_is_named_with_the_variable_to_set() {
        Map<String, String> env = new HashMap<>(STRIPE);
        env.putAll(Map.of(
                "KAPTURA_GENERATOR",
                "astria",
                "ASTRIA_API_KEY",
                "astria-key",
                "ASTRIA_DPA_REFERENCE",
                "DPA-2026-7",
                "KAPTURA_EMAIL",
                "resend",
                "RESEND_API_KEY",
                "re_abc",
                "KAPTURA_EMAIL_FROM",
                "Kaptura <hello@kaptura.example>"));
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        List<String> problems = Kaptura.incompleteProcessors(VendorModule.processorEntries(Configuration.from(env)));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0))
                .as("a DPA but no transfer basis: the basis is the operator's to state, never the code's")
                .contains("astria", "ASTRIA_TRANSFER", "transfer mechanism")
                .doesNotContain("DPA reference;");
        assertThat(problems.get(1)).contains("stripe", "STRIPE_DPA_REFERENCE", "DPA reference", "transfer mechanism");
        assertThat(problems.get(2)).contains("resend", "RESEND_DPA_REFERENCE", "RESEND_TRANSFER");

        env.put("ASTRIA_TRANSFER", "explicit_consent");
        assertThat(VendorModule.processorEntries(Configuration.from(env))
                        .getFirst()
                        .entry()
                        .transfer())
                .as("Art. 49(1)(a), as the privacy policy may cite")
                .contains(TransferMechanism.EXPLICIT_CONSENT);
        env.put("STRIPE_TRANSFER", "whatever-works");
        assertThatThrownBy(() -> Configuration.from(env))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("STRIPE_TRANSFER must be one of")
                .hasMessageContaining("NECESSARY_FOR_THE_CONTRACT");
    }

    @Test
    @Tag("R33")
    void the_app_refuses_to_start_a_vendor_whose_processor_entry_is_incomplete() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(AttackTarget.freePort()));
        env.putAll(STRIPE);
        env.put("STRIPE_TRANSFER", "NONE_NEEDED_WITHIN_EEA");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Main.start(Configuration.from(env), out).close())
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("STRIPE_DPA_REFERENCE");
    }

    @Test
    void astria_images_come_from_astrias_documented_hosts_unless_astria_image_hosts_names_others() {
        assertThat(Configuration.from(Map.of()).generator().astriaImageHosts())
                .isEqualTo(AstriaAdapter.DEFAULT_IMAGE_HOSTS)
                .contains("sdbooth2-production.s3.amazonaws.com");

        Configuration config =
                Configuration.from(Map.of("ASTRIA_IMAGE_HOSTS", "images.example.com, *.cdn.example.net"));

        assertThat(config.generator().astriaImageHosts()).containsExactly("images.example.com", "*.cdn.example.net");
    }

    @Test
    void astria_image_hosts_cannot_name_a_scheme_a_port_an_address_or_localhost_and_the_refusal_names_the_variable() {
        for (String value : List.of(
                "http://images.example.com",
                "images.example.com:8080",
                "127.0.0.1",
                "169.254.169.254",
                "localhost",
                "*.com",
                "*")) {
            assertThatThrownBy(() -> Configuration.from(Map.of("ASTRIA_IMAGE_HOSTS", value)))
                    .as(value)
                    .isInstanceOf(Configuration.Invalid.class)
                    .satisfies(e -> assertThat(((Configuration.Invalid) e).problems())
                            .singleElement()
                            .asString()
                            .startsWith("ASTRIA_IMAGE_HOSTS"));
        }
    }

    @Test
    void the_node_s_capacity_has_defaults_from_this_machine_and_reads_sizes_and_durations() {
        Configuration.Capacity defaults = Configuration.from(Map.of()).capacity();

        assertThat(defaults.maxConnections()).isEqualTo(512);
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.minDataRate()).isEqualTo(8 * 1024);
        assertThat(defaults.uploadConcurrency())
                .isEqualTo(HttpAdapter.Limits.defaults().uploadConcurrency());
        assertThat(defaults.uploadWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.decodeConcurrency())
                .isEqualTo(StorageAdapter.DecodeLimits.defaults().concurrency())
                .isBetween(1, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(defaults.heifMemory()).isEqualTo(1L << 30);
        assertThat(defaults.heifTimeout()).isEqualTo(Duration.ofSeconds(30));

        Configuration.Capacity set = Configuration.from(Map.of(
                        "KAPTURA_MAX_CONNECTIONS",
                        "2000",
                        "KAPTURA_IDLE_TIMEOUT",
                        "1m",
                        "KAPTURA_MIN_DATA_RATE",
                        "16k",
                        "KAPTURA_UPLOAD_CONCURRENCY",
                        "12",
                        "KAPTURA_UPLOAD_WAIT",
                        "0",
                        "KAPTURA_DECODE_CONCURRENCY",
                        "3",
                        "KAPTURA_HEIF_MEMORY",
                        "768m",
                        "KAPTURA_HEIF_TIMEOUT",
                        "45s"))
                .capacity();

        assertThat(set)
                .isEqualTo(new Configuration.Capacity(
                        2000,
                        Duration.ofMinutes(1),
                        16 * 1024,
                        12,
                        Duration.ZERO,
                        3,
                        768L << 20,
                        Duration.ofSeconds(45)));
        assertThat(set.http().uploadConcurrency()).isEqualTo(12);
        assertThat(set.decoding().uploadWait()).isEqualTo(Duration.ZERO);
    }

    @Test
    void a_wrong_capacity_setting_is_named_by_its_variable() {
        Map<String, String> env = Map.of(
                "KAPTURA_MAX_CONNECTIONS",
                "0",
                "KAPTURA_IDLE_TIMEOUT",
                "0s",
                "KAPTURA_MIN_DATA_RATE",
                "fast",
                "KAPTURA_UPLOAD_CONCURRENCY",
                "many",
                "KAPTURA_UPLOAD_WAIT",
                "2h",
                "KAPTURA_DECODE_CONCURRENCY",
                "0",
                "KAPTURA_HEIF_MEMORY",
                "1m",
                "KAPTURA_HEIF_TIMEOUT",
                "never");

        assertRefusedNaming(
                env,
                "KAPTURA_MAX_CONNECTIONS",
                "KAPTURA_IDLE_TIMEOUT",
                "KAPTURA_MIN_DATA_RATE",
                "KAPTURA_UPLOAD_CONCURRENCY",
                "KAPTURA_UPLOAD_WAIT",
                "KAPTURA_DECODE_CONCURRENCY",
                "KAPTURA_HEIF_MEMORY",
                "KAPTURA_HEIF_TIMEOUT");
    }

    /** Asserts that {@code env} is refused with one problem for each of {@code named}, every one named in the message. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefusedNaming(
            Map<String, String> env, String... named) {
        return assertThatThrownBy(() -> Configuration.from(env))
                .isInstanceOf(Configuration.Invalid.class)
                .satisfies(
                        e -> assertThat(((Configuration.Invalid) e).problems()).hasSize(named.length))
                .hasMessageContainingAll(named);
    }
}
