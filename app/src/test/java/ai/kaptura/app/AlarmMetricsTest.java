package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R49: the promises at risk reach /metrics as one gauge series per promise, zero included, labelled by promise only. */
@Tag("R49")
class AlarmMetricsTest {

    private static final String TOKEN = "metrics-token-for-the-alarm-gauges-0123";

    @TempDir
    Path dataDir;

    @Test
    void every_promise_is_a_series_of_the_alarm_gauge_with_its_count_or_zero() {
        String text = Metrics.alarms(Map.of(Promise.JOB_FAILING, 2, Promise.MODEL_NOT_DELETED, 1));

        assertThat(text)
                .startsWith("# HELP kaptura_alarms_active ")
                .contains("# TYPE kaptura_alarms_active gauge\n")
                .contains("kaptura_alarms_active{promise=\"job_failing\"} 2\n")
                .contains("kaptura_alarms_active{promise=\"model_not_deleted\"} 1\n")
                .contains("kaptura_alarms_active{promise=\"request_due\"} 0\n");
        assertThat(text.lines().filter(l -> l.startsWith("kaptura_alarms_active{")))
                .hasSize(Promise.values().length);
    }

    /**
     * A real node: its alarm check runs as soon as it starts, finds a privacy request past its deadline in the database,
     * raises the alarm, counts it in /metrics (behind the token only) and mails it to KAPTURA_ALARM_EMAIL (the outbox here).
     */
    @Test
    @Tag("R20")
    void a_node_raises_an_alarm_for_an_overdue_request_counts_it_behind_the_metrics_token_and_mails_it()
            throws Exception {
        Configuration config = Configuration.from(Map.of(
                "KAPTURA_DATA_DIR",
                dataDir.toString(),
                "KAPTURA_PORT",
                "0",
                "KAPTURA_METRICS_TOKEN",
                TOKEN,
                "KAPTURA_ALARM_EMAIL",
                "privacy-alarms@example.org"));
        KapturaComponent component = DaggerKapturaComponent.factory().create(config, InstantSource.system());
        Instant now = Instant.now();
        AccountId account = new AccountId(UUID.randomUUID());
        component
                .persistence()
                .accounts()
                .save(Account.open(account, EmailAddress.of("ada@example.org"), now.minus(Duration.ofDays(60))));
        PrivacyRequest late = component
                .persistence()
                .privacyRequests()
                .save(PrivacyRequest.receive(
                        new PrivacyRequestId(UUID.randomUUID()),
                        account,
                        RequestKind.ACCESS,
                        Channel.POSTAL,
                        now.minus(Duration.ofDays(40)),
                        DeadlineCalendar.of(ZoneOffset.UTC),
                        List.of()));

        try (Kaptura kaptura = component.kaptura().start()) {
            HttpClient client = HttpClient.newHttpClient();
            URI metrics = URI.create("http://localhost:" + kaptura.port() + "/metrics");
            HttpRequest scrape = HttpRequest.newBuilder(metrics)
                    .header("Authorization", "Bearer " + TOKEN)
                    .build();
            String body = "";
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    !body.contains("kaptura_alarms_active{promise=\"request_due\"} 1\n")
                            && System.nanoTime() < deadline;
                    Thread.sleep(100)) {
                body = client.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            }
            HttpResponse<String> anonymous =
                    client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(body)
                    .contains("kaptura_alarms_active{promise=\"request_due\"} 1\n")
                    .contains("kaptura_alarms_active{promise=\"model_not_deleted\"} 0\n")
                    .doesNotContain(late.id().toString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("kaptura_alarms_active");
            Path outbox = dataDir.resolve("outbox");
            String mail = "";
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    mail.isEmpty() && System.nanoTime() < deadline;
                    Thread.sleep(100)) {
                mail = alarmMail(outbox);
            }
            assertThat(mail)
                    .contains("To: privacy-alarms@example.org")
                    .contains(late.id().toString())
                    .contains("R20")
                    .doesNotContain("ada@example.org");
        }
    }

    /** The alarm mail the outbox holds, or nothing yet. */
    private static String alarmMail(Path outbox) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return "";
        }
        try (Stream<Path> files = Files.list(outbox)) {
            List<Path> alarms = files.filter(f -> f.getFileName().toString().contains("-promise-at-risk-"))
                    .toList();
            return alarms.isEmpty() ? "" : Files.readString(alarms.getFirst());
        }
    }
}
