package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Mailer} must do: deliver each kind of message to its recipient, once per
 * idempotency key, with what the person needs in it (a sign-in code they can type, a link they can
 * open) and nothing of anyone else.
 */
public abstract class MailerContract {

    /** The mailer under test, fresh for each test. */
    protected abstract Mailer mailer();

    /** The full content (headers and text, as delivered) of every message {@code recipient} received, oldest first. */
    protected abstract List<String> deliveredTo(EmailAddress recipient);

    protected static final EmailAddress ADA = EmailAddress.of("ada.lovelace@example.org");
    protected static final EmailAddress GRACE = EmailAddress.of("grace.hopper@example.net");

    private Mailer mailer;

    @BeforeEach
    void freshMailer() {
        mailer = mailer();
    }

    static Stream<Arguments> everyKind() {
        OrderId order = new OrderId(UUID.randomUUID());
        PrivacyRequestId request = new PrivacyRequestId(UUID.randomUUID());
        return Stream.<Function<EmailAddress, Mail>>of(
                        to -> new Mail.SignInCode(
                                to, key("sign-in"), "482913", "https://kaptura.example/auth/link?token=abc.def"),
                        to -> new Mail.VerifyNewAddress(to, key("verify"), "731502"),
                        to -> new Mail.OrderConfirmed(to, key("confirmed"), order),
                        to -> new Mail.HeadshotsReady(
                                to, key("ready"), order, "https://kaptura.example/orders/" + order),
                        to -> new Mail.OrderFailed(to, key("failed-refunded"), order, Mail.Refund.REFUNDED),
                        to -> new Mail.OrderFailed(to, key("failed-under-way"), order, Mail.Refund.UNDER_WAY),
                        to -> new Mail.OrderFailed(to, key("failed-not-charged"), order, Mail.Refund.NOT_CHARGED),
                        to -> new Mail.ConsentRenewalNeeded(
                                to,
                                key("renewal-needed"),
                                order,
                                "https://kaptura.example/orders/" + order,
                                "Selfies also train a lighting model",
                                Instant.parse("2026-12-16T09:30:00Z"),
                                Mail.Round.FIRST),
                        to -> new Mail.ConsentRenewalNeeded(
                                to,
                                key("renewal-reminder"),
                                order,
                                "https://kaptura.example/orders/" + order,
                                "Selfies also train a lighting model",
                                Instant.parse("2026-12-16T09:30:00Z"),
                                Mail.Round.REMINDER),
                        to -> new Mail.ConsentRenewalLapsed(to, key("renewal-lapsed"), order, Mail.Refund.UNDER_WAY),
                        to -> new Mail.PrivacyRequestReceived(
                                to, key("received"), request, RequestKind.ERASURE, LocalDate.of(2026, 12, 2)),
                        to -> new Mail.PrivacyRequestCompleted(to, key("completed"), request, RequestKind.ACCESS),
                        to -> new Mail.PromiseAtRisk(
                                to,
                                key("alarm"),
                                Alarm.raise(
                                        Promise.REQUEST_DUE,
                                        Subject.of("privacy_request", request),
                                        Instant.parse("2026-11-27T09:00:00Z"),
                                        "erasure request due by 2026-12-02T23:59:59Z")),
                        to -> new Mail.KeptUnderLegalHold(
                                to,
                                key("kept-under-hold"),
                                request,
                                "your selfies and headshots in our photo vault",
                                "GDPR Art. 17(3)(e): legal claims — warrant Cook County 2028-L-001234"))
                .map(make -> Arguments.of(make.apply(ADA).getClass().getSimpleName(), make));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void every_kind_of_message_reaches_its_recipient_only(String kind, Function<EmailAddress, Mail> make) {
        mailer.send(make.apply(ADA));

        assertThat(deliveredTo(ADA)).singleElement().asString().isNotBlank();
        assertThat(deliveredTo(GRACE)).isEmpty();
    }

    @Test
    void the_same_idempotency_key_is_delivered_once() {
        Mail.SignInCode mail =
                new Mail.SignInCode(ADA, key("sign-in"), "482913", "https://kaptura.example/auth/link?token=abc.def");

        mailer.send(mail);
        mailer.send(mail);
        mailer.send(new Mail.SignInCode(
                ADA, mail.idempotencyKey(), "482913", "https://kaptura.example/auth/link?token=abc.def"));

        assertThat(deliveredTo(ADA)).hasSize(1);
    }

    @Test
    void different_keys_are_different_messages() {
        mailer.send(new Mail.SignInCode(ADA, key("sign-in"), "111111", "https://kaptura.example/auth/link?token=a.1"));
        mailer.send(new Mail.SignInCode(ADA, key("sign-in"), "222222", "https://kaptura.example/auth/link?token=b.2"));

        assertThat(deliveredTo(ADA)).hasSize(2);
        assertThat(String.join("\n", deliveredTo(ADA))).contains("111111").contains("222222");
    }

    @Test
    void a_sign_in_message_carries_the_code_and_the_link_so_the_person_can_use_them() {
        String link = "https://kaptura.example/auth/link?token=7f3c2a.Zm9vYmFy-_x";

        mailer.send(new Mail.SignInCode(ADA, key("sign-in"), "048213", link));

        assertThat(deliveredTo(ADA))
                .singleElement()
                .asString()
                .contains("048213")
                .contains(link);
    }

    @Test
    void a_new_address_is_verified_with_the_code_in_the_message() {
        mailer.send(new Mail.VerifyNewAddress(GRACE, key("verify"), "905117"));

        assertThat(deliveredTo(GRACE)).singleElement().asString().contains("905117");
    }

    @Test
    void a_headshots_ready_message_carries_the_link_to_them() {
        OrderId order = new OrderId(UUID.randomUUID());
        String link = "https://kaptura.example/orders/" + order;

        mailer.send(new Mail.HeadshotsReady(ADA, key("ready"), order, link));

        assertThat(deliveredTo(ADA)).singleElement().asString().contains(link);
    }

    @Test
    void an_alarm_message_names_the_promise_its_subject_and_what_to_do() {
        Subject subject = Subject.of("order", UUID.randomUUID());
        Alarm alarm = Alarm.raise(
                Promise.MODEL_NOT_DELETED,
                subject,
                Instant.parse("2026-12-02T09:00:00Z"),
                "due by 2026-12-02T09:00:00Z");

        mailer.send(new Mail.PromiseAtRisk(GRACE, key("alarm"), alarm));

        assertThat(deliveredTo(GRACE))
                .singleElement()
                .asString()
                .contains(subject.id())
                .contains("not confirmed deleted");
    }

    @Test
    void a_received_privacy_request_says_when_it_will_be_answered() {
        LocalDate due = LocalDate.of(2026, 12, 2);

        mailer.send(new Mail.PrivacyRequestReceived(
                ADA, key("received"), new PrivacyRequestId(UUID.randomUUID()), RequestKind.ACCESS, due));

        assertThat(deliveredTo(ADA))
                .singleElement()
                .asString()
                .containsAnyOf(
                        due.toString(),
                        due.format(DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)),
                        due.format(DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH)));
    }

    @Test
    void no_message_carries_another_persons_data() {
        OrderId adasOrder = new OrderId(UUID.randomUUID());
        OrderId gracesOrder = new OrderId(UUID.randomUUID());
        mailer.send(new Mail.SignInCode(
                ADA, key("sign-in"), "111111", "https://kaptura.example/auth/link?token=adatoken.adasecret"));
        mailer.send(new Mail.SignInCode(
                GRACE, key("sign-in"), "222222", "https://kaptura.example/auth/link?token=gracetoken.gracesecret"));
        mailer.send(new Mail.OrderConfirmed(ADA, key("confirmed"), adasOrder));
        mailer.send(new Mail.HeadshotsReady(
                GRACE, key("ready"), gracesOrder, "https://kaptura.example/orders/" + gracesOrder));
        mailer.send(new Mail.VerifyNewAddress(ADA, key("verify"), "333333"));

        assertThat(deliveredTo(ADA))
                .hasSize(3)
                .allSatisfy(content -> assertMentionsNoneOf(
                        content,
                        GRACE.value(),
                        "grace.hopper",
                        "222222",
                        "gracetoken",
                        "gracesecret",
                        gracesOrder.toString()));
        assertThat(deliveredTo(GRACE))
                .hasSize(2)
                .allSatisfy(content -> assertMentionsNoneOf(
                        content,
                        ADA.value(),
                        "ada.lovelace",
                        "111111",
                        "333333",
                        "adatoken",
                        "adasecret",
                        adasOrder.toString()));
    }

    /** A fresh idempotency key. */
    protected static String key(String kind) {
        return kind + ":" + UUID.randomUUID();
    }

    /** Checks that a delivered message mentions none of another person's data, in any capitals. */
    private static void assertMentionsNoneOf(String content, String... othersData) {
        for (String data : othersData) {
            assertThat(content).doesNotContainIgnoringCase(data);
        }
    }
}
