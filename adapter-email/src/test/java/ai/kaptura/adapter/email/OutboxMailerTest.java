package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.contract.MailerContract;
import ai.kaptura.ports.testing.CapturedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OutboxMailerTest extends MailerContract {

    private static final Instant START = Instant.parse("2026-11-02T09:30:00Z");

    @TempDir
    Path dataDir;

    private Path outbox;
    private final AtomicLong ticks = new AtomicLong();
    /** A clock that moves on a millisecond each time it is read, so files sort oldest first. */
    private final InstantSource clock = () -> START.plusMillis(ticks.getAndIncrement());

    private CapturedLog log;

    @Override
    protected Mailer mailer() {
        outbox = dataDir.resolve("outbox");
        return EmailAdapters.outbox(outbox, clock);
    }

    @Override
    protected List<String> deliveredTo(EmailAddress recipient) {
        return files().stream()
                .map(OutboxMailerTest::read)
                .filter(content -> content.startsWith("To: " + recipient.value() + "\n"))
                .toList();
    }

    @BeforeEach
    void captureTheLog() {
        log = CapturedLog.named("ai.kaptura.adapter.email.OutboxMailer");
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void a_sign_in_message_is_one_file_with_recipient_subject_and_a_usable_code_and_link() {
        String link = "https://kaptura.example/auth/link?token=3f2a9c1e.s3cr3t-TOKEN_x";

        mailer().send(new Mail.SignInCode(ADA, "sign-in:" + UUID.randomUUID(), "048213", link));

        assertThat(files()).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString())
                    .matches("\\d{8}T\\d{9}Z-sign-in-code-[0-9a-f]{16}\\.txt")
                    .doesNotContain("@");
            List<String> lines = read(file).lines().toList();
            assertThat(lines.get(0)).isEqualTo("To: ada.lovelace@example.org");
            assertThat(lines.get(1)).isEqualTo("Subject: Your Kaptura sign-in code");
            assertThat(lines).contains(link).anyMatch(line -> line.strip().equals("048213"));
        });
    }

    @Test
    void the_log_line_names_the_kind_and_the_file_but_no_address_and_no_code() {
        String link = "https://kaptura.example/auth/link?token=3f2a9c1e.s3cr3t";

        mailer().send(new Mail.SignInCode(ADA, "sign-in:" + UUID.randomUUID(), "048213", link));

        String file = files().getFirst().getFileName().toString();
        List<String> info = log.messages(Level.INFO);
        assertThat(info)
                .singleElement()
                .asString()
                .contains("sign-in-code")
                .contains(file)
                .doesNotContain("@")
                .doesNotContain("ada.lovelace")
                .doesNotContain("example.org")
                .doesNotContain("048213")
                .doesNotContain("s3cr3t");
    }

    @Test
    void a_second_send_with_the_same_key_writes_nothing_even_after_a_restart() throws IOException {
        Mail mail = new Mail.OrderConfirmed(ADA, "confirmed:" + UUID.randomUUID(), new OrderId(UUID.randomUUID()));
        mailer().send(mail);
        String before = read(files().getFirst());

        Mailer restarted = EmailAdapters.outbox(outbox, clock);
        restarted.send(mail);
        restarted.send(mail);

        assertThat(files())
                .singleElement()
                .satisfies(file -> assertThat(read(file)).isEqualTo(before));
        try (Stream<Path> all = Files.list(outbox)) {
            assertThat(all)
                    .as("no temporary files left behind")
                    .allMatch(p -> p.getFileName().toString().endsWith(".txt"));
        }
    }

    @Test
    void concurrent_sends_of_one_message_write_one_file() throws Exception {
        Mailer mailer = mailer();
        int rounds = 25;
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < rounds; round++) {
                Mail mail = new Mail.VerifyNewAddress(GRACE, "verify:" + UUID.randomUUID(), "905117");
                AtOnce.run(pool, threads, () -> mailer.send(mail));
            }
        }

        assertThat(files()).hasSize(rounds);
    }

    @Test
    void nothing_leaves_the_machine() {
        assertThat(mailer().processorName()).isEmpty();
    }

    @Test
    void an_outbox_that_cannot_be_written_fails_so_the_job_retries() throws IOException {
        Path notADirectory = Files.writeString(dataDir.resolve("outbox-is-a-file"), "x");
        Mailer broken = EmailAdapters.outbox(notADirectory, clock);

        assertThatThrownBy(
                        () -> broken.send(new Mail.SignInCode(ADA, "sign-in:1", "123456", "https://kaptura.example/l")))
                .isInstanceOf(IllegalStateException.class)
                .message()
                .doesNotContain("@")
                .doesNotContain("123456");
    }

    static Stream<Mail> everyMessage() {
        OrderId order = new OrderId(UUID.randomUUID());
        PrivacyRequestId request = new PrivacyRequestId(UUID.randomUUID());
        return Stream.of(
                new Mail.SignInCode(ADA, "k1", "482913", "https://kaptura.example/auth/link?token=a.b"),
                new Mail.VerifyNewAddress(ADA, "k2", "731502"),
                new Mail.AddressChanged(ADA, "k10", "a***@example.net", "privacy@kaptura.example"),
                new Mail.OrderConfirmed(ADA, "k3", order),
                new Mail.HeadshotsReady(ADA, "k4", order, "https://kaptura.example/orders/" + order),
                new Mail.OrderFailed(ADA, "k5", order, Mail.Refund.REFUNDED),
                new Mail.OrderFailed(ADA, "k6", order, Mail.Refund.UNDER_WAY),
                new Mail.OrderFailed(ADA, "k9", order, Mail.Refund.NOT_CHARGED),
                new Mail.ConsentRenewalNeeded(
                        ADA,
                        "k11",
                        order,
                        "https://kaptura.example/orders/" + order,
                        "Selfies also train a lighting model.",
                        Instant.parse("2026-11-16T09:30:00Z"),
                        Mail.Round.FIRST),
                new Mail.ConsentRenewalNeeded(
                        ADA,
                        "k12",
                        order,
                        "https://kaptura.example/orders/" + order,
                        "Selfies also train a lighting model.",
                        Instant.parse("2026-11-16T09:30:00Z"),
                        Mail.Round.REMINDER),
                new Mail.ConsentRenewalLapsed(ADA, "k13", order, Mail.Refund.UNDER_WAY),
                new Mail.PrivacyRequestReceived(ADA, "k7", request, RequestKind.PORTABILITY, LocalDate.of(2026, 12, 2)),
                new Mail.PrivacyRequestCompleted(ADA, "k8", request, RequestKind.RECTIFICATION),
                new Mail.PromiseAtRisk(
                        ADA,
                        "k11",
                        Alarm.raise(
                                Promise.MODEL_NOT_DELETED,
                                Subject.of("order", order),
                                Instant.parse("2026-11-02T09:30:00Z"),
                                "30 days over on 2026-11-02T09:00:00Z")),
                new Mail.KeptUnderLegalHold(
                        ADA,
                        "k14",
                        request,
                        "your selfies and headshots in our photo vault",
                        "GDPR Art. 17(3)(e): legal claims — warrant Cook County 2028-L-001234"));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void every_message_reads_as_plain_english_without_internals(Mail mail) {
        mailer().send(mail);

        String content = read(files().getFirst());
        String subject = content.lines()
                .filter(l -> l.startsWith("Subject: "))
                .findFirst()
                .orElseThrow();
        String body = content.substring(content.indexOf("\n\n") + 2);
        assertThat(subject.substring("Subject: ".length())).isNotBlank().doesNotContain("null");
        // "***" would be an address printed by its masking toString(); the one mail that shows a masked address on
        // purpose (the new address, to the old one) must show that hint and nothing else masked.
        String unmasked =
                mail instanceof Mail.AddressChanged changed ? body.replace(changed.newAddressHint(), "") : body;
        assertThat(unmasked)
                .isNotBlank()
                .doesNotContain("null")
                .doesNotContain("Mail[")
                .doesNotContain("Optional")
                .doesNotContain("***");
        if (mail instanceof Mail.OrderFailed failed) {
            assertThat(body.contains("has been refunded")).isEqualTo(failed.refund() == Mail.Refund.REFUNDED);
            assertThat(body.contains("refund of your payment is on its way"))
                    .isEqualTo(failed.refund() == Mail.Refund.UNDER_WAY);
            assertThat(body.contains("not been charged")).isEqualTo(failed.refund() == Mail.Refund.NOT_CHARGED);
        }
        if (mail instanceof Mail.ConsentRenewalNeeded held) {
            assertThat(body)
                    .contains("16 November 2026 at 09:30 UTC")
                    .contains(held.link())
                    .contains(held.whatChanged());
            assertThat(files().getFirst().getFileName().toString())
                    .contains(
                            held.round() == Mail.Round.FIRST
                                    ? "-consent-renewal-needed-"
                                    : "-consent-renewal-reminder-");
        }
        if (mail instanceof Mail.ConsentRenewalLapsed) {
            assertThat(files().getFirst().getFileName().toString()).contains("-consent-renewal-lapsed-");
            assertThat(body).contains("refund of your payment is on its way").contains("selfies are being deleted");
        }
        if (mail instanceof Mail.PromiseAtRisk alarm) {
            assertThat(subject).contains("not confirmed deleted");
            assertThat(body)
                    .contains(alarm.alarm().subject().id())
                    .contains("2 November 2026 at 09:30 UTC")
                    .contains("model_not_deleted");
        }
        if (mail instanceof Mail.PrivacyRequestReceived received) {
            assertThat(body)
                    .contains("2 December 2026")
                    .contains(MailTemplates.reference(received.request().value()));
        }
    }

    @Test
    void the_file_is_a_mime_message_with_the_text_part_first_and_the_html_part_after_it() {
        String link = "https://kaptura.example/auth/link?token=3f2a9c1e.s3cr3t";

        mailer().send(new Mail.SignInCode(ADA, "sign-in:" + UUID.randomUUID(), "048213", link));

        String content = read(files().getFirst());
        String headers = content.substring(0, content.indexOf("\n\n"));
        String boundary = headers.lines()
                .filter(l -> l.startsWith("Content-Type: multipart/alternative; boundary="))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*boundary=\"([^\"]+)\"", "$1");
        assertThat(headers).contains("MIME-Version: 1.0").contains("Date: Mon, 2 Nov 2026 09:30:00 GMT");
        int text = content.indexOf("--" + boundary + "\nContent-Type: text/plain; charset=UTF-8\n");
        int html = content.indexOf("--" + boundary + "\nContent-Type: text/html; charset=UTF-8\n");
        assertThat(text).isPositive().isLessThan(html);
        assertThat(content.substring(text, html))
                .contains("048213")
                .contains(link)
                .doesNotContain("<");
        assertThat(content.substring(html))
                .contains("<!DOCTYPE html>")
                .contains("048213")
                .contains("href=\"" + link + "\"");
        assertThat(content).endsWith("--" + boundary + "--\n");
    }

    @Test
    void a_file_written_before_an_upgrade_still_counts_as_sent() throws IOException {
        Mail mail = new Mail.OrderConfirmed(ADA, "confirmed:" + UUID.randomUUID(), new OrderId(UUID.randomUUID()));
        String id = ai.kaptura.domain.shared.Digest.sha256(mail.idempotencyKey())
                .hex()
                .substring(0, 16);
        mailer();
        Files.createDirectories(outbox);
        Files.writeString(
                outbox.resolve("20260101T000000000Z-order-confirmed-" + id + ".txt"), "To: ada.lovelace@example.org\n");

        EmailAdapters.outbox(outbox, clock).send(mail);

        assertThat(files()).hasSize(1);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private List<Path> files() {
        if (outbox == null || !Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(outbox)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
