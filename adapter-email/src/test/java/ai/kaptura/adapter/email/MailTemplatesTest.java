package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.ports.out.Mail;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MailTemplatesTest {

    private static final EmailAddress ADA = EmailAddress.of("ada.lovelace@example.org");
    private static final OrderId ORDER = new OrderId(UUID.fromString("3f2a9c1e-0b7d-4a65-9c1e-0b7d4a653f2a"));
    private static final PrivacyRequestId REQUEST =
            new PrivacyRequestId(UUID.fromString("c0ffee00-1234-4abc-8def-0123456789ab"));
    private static final String SIGN_IN_LINK = "https://kaptura.example/auth/link?token=7f3c2a.Zm9vYmFy-_x";
    private static final String ORDER_LINK = "https://kaptura.example/orders/" + ORDER;
    private static final String CHANGE = "Selfies also train a lighting model.";
    private static final Instant RENEW_BY = Instant.parse("2026-12-16T09:30:00Z");
    private static final Instant RAISED = Instant.parse("2026-11-27T09:30:00Z");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?:)?//[^\\s\"'<>]+");

    /** Every kind of message, with the values the person needs from it. */
    static Stream<Arguments> everyKind() {
        return Stream.of(
                Arguments.of(
                        new Mail.SignInCode(ADA, "sign-in:" + UUID.randomUUID(), "482913", SIGN_IN_LINK),
                        List.of("482913", SIGN_IN_LINK, "15 minutes")),
                Arguments.of(
                        new Mail.VerifyNewAddress(ADA, "verify-address:" + UUID.randomUUID(), "731502"),
                        List.of("731502")),
                Arguments.of(
                        new Mail.AddressChanged(
                                ADA,
                                "address-changed:" + UUID.randomUUID(),
                                "a***@example.net",
                                "privacy@kaptura.example"),
                        List.of("a***@example.net", "privacy@kaptura.example", "signed out")),
                Arguments.of(
                        new Mail.OrderConfirmed(ADA, "email:ORDER_CONFIRMED:" + ORDER, ORDER), List.of("3F2A9C1E")),
                Arguments.of(
                        new Mail.HeadshotsReady(ADA, "email:HEADSHOTS_READY:" + ORDER, ORDER, ORDER_LINK),
                        List.of("3F2A9C1E", ORDER_LINK, "AI-generated")),
                Arguments.of(
                        new Mail.OrderFailed(ADA, "email:ORDER_FAILED:" + ORDER, ORDER, Mail.Refund.REFUNDED),
                        List.of("3F2A9C1E", "refunded")),
                Arguments.of(
                        new Mail.OrderFailed(ADA, "email:ORDER_FAILED:" + ORDER, ORDER, Mail.Refund.UNDER_WAY),
                        List.of("3F2A9C1E", "refund")),
                Arguments.of(
                        new Mail.OrderFailed(ADA, "email:ORDER_FAILED:" + ORDER, ORDER, Mail.Refund.NOT_CHARGED),
                        List.of("3F2A9C1E", "not been charged")),
                Arguments.of(
                        new Mail.ConsentRenewalNeeded(
                                ADA,
                                "consent-hold:NOTIFY:" + ORDER + ":2026-12",
                                ORDER,
                                ORDER_LINK,
                                CHANGE,
                                RENEW_BY,
                                Mail.Round.FIRST),
                        List.of("3F2A9C1E", ORDER_LINK, CHANGE, "16 December 2026 at 09:30 UTC", "refund")),
                Arguments.of(
                        new Mail.ConsentRenewalNeeded(
                                ADA,
                                "consent-hold:REMIND:" + ORDER + ":2026-12",
                                ORDER,
                                ORDER_LINK,
                                CHANGE,
                                RENEW_BY,
                                Mail.Round.REMINDER),
                        List.of("3F2A9C1E", ORDER_LINK, CHANGE, "16 December 2026 at 09:30 UTC", "still")),
                Arguments.of(
                        new Mail.ConsentRenewalLapsed(
                                ADA, "email:CONSENT_RENEWAL_LAPSED:" + ORDER, ORDER, Mail.Refund.UNDER_WAY),
                        List.of("3F2A9C1E", "14 days", "refund", "deleted")),
                Arguments.of(
                        new Mail.PrivacyRequestReceived(
                                ADA,
                                "email:REQUEST_RECEIVED:" + REQUEST,
                                REQUEST,
                                RequestKind.ERASURE,
                                LocalDate.of(2026, 12, 2)),
                        List.of("C0FFEE00", "erasure", "2 December 2026")),
                Arguments.of(
                        new Mail.PrivacyRequestCompleted(
                                ADA, "request-completed:" + REQUEST, REQUEST, RequestKind.ACCESS),
                        List.of("C0FFEE00", "access")),
                Arguments.of(
                        new Mail.PromiseAtRisk(
                                ADA,
                                "email:ALARM:REQUEST_DUE/privacy_request/" + REQUEST + ":0",
                                Alarm.raise(
                                        Promise.REQUEST_DUE,
                                        Subject.of("privacy_request", REQUEST),
                                        RAISED,
                                        "erasure request due by 2026-12-02")),
                        List.of(
                                REQUEST.toString(),
                                "privacy request",
                                "R20",
                                "due within 5 days",
                                "27 November 2026 at 09:30 UTC",
                                "due by 2026-12-02",
                                "extend it once",
                                "request_due")),
                Arguments.of(
                        new Mail.KeptUnderLegalHold(
                                ADA,
                                "kept-under-hold:" + REQUEST,
                                REQUEST,
                                "your selfies and headshots in our photo vault",
                                "GDPR Art. 17(3)(e): legal claims — warrant Cook County 2028-L-001234"),
                        List.of(
                                "C0FFEE00",
                                "your selfies and headshots in our photo vault",
                                "GDPR Art. 17(3)(e): legal claims — warrant Cook County 2028-L-001234",
                                "deleted when the hold is lifted")));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void every_kind_renders_a_subject_and_both_parts_with_what_the_person_needs(Mail mail, List<String> needed) {
        MailTemplates.Rendered message = MailTemplates.render(mail);

        assertThat(message.kind()).matches("[a-z]+(-[a-z]+)+");
        assertThat(message.subject()).isNotBlank().doesNotContain("null").doesNotContain("\n");
        assertThat(message.text())
                .isNotBlank()
                .doesNotContain("null")
                .doesNotContain("<")
                .doesNotContain("Optional");
        assertThat(message.html())
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"en\">")
                .contains("<title>" + MailTemplates.escape(message.subject()) + "</title>")
                .contains("<h1")
                .doesNotContain("null");
        for (String value : needed) {
            assertThat(message.text()).as("text part").containsIgnoringCase(value);
            assertThat(message.html()).as("HTML part").containsIgnoringCase(MailTemplates.escape(value));
        }
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void both_parts_say_the_same_thing(Mail mail, List<String> needed) {
        MailTemplates.Rendered message = MailTemplates.render(mail);

        List<String> lines = message.text()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.equals("--"))
                .toList();
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(message.html()).contains(MailTemplates.escape(line)));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    @Tag("R37")
    void no_message_carries_anything_personal_beyond_what_the_person_needs(Mail mail, List<String> needed) {
        MailTemplates.Rendered message = MailTemplates.render(mail);

        for (String part : List.of(message.subject(), message.text(), message.html())) {
            String withoutLinks = part;
            for (String value : needed) {
                withoutLinks = withoutLinks.replace(value, "").replace(MailTemplates.escape(value), "");
            }
            assertThat(withoutLinks)
                    .doesNotContainIgnoringCase(ADA.value())
                    .doesNotContainIgnoringCase("ada.lovelace")
                    .doesNotContain("@")
                    .doesNotContain(mail.idempotencyKey())
                    .as("full ids appear only inside the link the person opens")
                    .doesNotContain(ORDER.toString())
                    .doesNotContain(REQUEST.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    @Tag("R37")
    void the_html_fetches_nothing_and_runs_nothing(Mail mail, List<String> needed) {
        String html = MailTemplates.render(mail).html().toLowerCase();

        assertThat(html)
                .doesNotContain("<script")
                .doesNotContain("<img")
                .doesNotContain("<link")
                .doesNotContain("<iframe")
                .doesNotContain("src=")
                .doesNotContain("url(")
                .doesNotContain("@import")
                .doesNotContain("<style")
                .as("no event handlers")
                .doesNotContainPattern("\\son[a-z]+\\s*=");
        List<String> urls = new ArrayList<>();
        Matcher found = URL.matcher(MailTemplates.render(mail).html());
        while (found.find()) {
            urls.add(found.group());
        }
        assertThat(urls)
                .as("the only address in the HTML is the person's own link")
                .allSatisfy(url -> assertThat(needed).contains(url));
    }

    @Test
    void values_are_html_escaped() {
        Mail.SignInCode hostile = new Mail.SignInCode(
                ADA,
                "sign-in:1",
                "<script>alert('code')</script>",
                "https://kaptura.example/auth/link?token=a&next=\"><script>alert(1)</script>");

        MailTemplates.Rendered message = MailTemplates.render(hostile);

        assertThat(message.html())
                .doesNotContain("<script")
                .doesNotContain("\"><script")
                .contains("&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;")
                .contains(
                        "href=\"https://kaptura.example/auth/link?token=a&amp;next=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"");
        assertThat(message.text()).as("plain text is shown as it is").contains("<script>alert('code')</script>");
    }

    @Test
    void only_a_web_address_becomes_a_link() {
        MailTemplates.Rendered message =
                MailTemplates.render(new Mail.HeadshotsReady(ADA, "k", ORDER, "javascript:alert(document.cookie)"));

        assertThat(message.html()).doesNotContain("href=").contains("javascript:alert(document.cookie)");
    }

    @Test
    void a_failed_order_says_whether_the_refund_has_happened() {
        assertThat(MailTemplates.render(new Mail.OrderFailed(ADA, "k", ORDER, Mail.Refund.REFUNDED))
                        .text())
                .contains("has been refunded");
        assertThat(MailTemplates.render(new Mail.OrderFailed(ADA, "k", ORDER, Mail.Refund.UNDER_WAY))
                        .text())
                .doesNotContain("has been refunded")
                .contains("refund of your payment is on its way");
        assertThat(MailTemplates.render(new Mail.OrderFailed(ADA, "k", ORDER, Mail.Refund.NOT_CHARGED))
                        .text())
                .doesNotContain("refund")
                .contains("not been charged");
    }

    @Test
    @Tag("R9")
    void a_consent_hold_is_announced_and_recalled_in_two_mails_a_person_can_tell_apart() {
        MailTemplates.Rendered first = MailTemplates.render(
                new Mail.ConsentRenewalNeeded(ADA, "k1", ORDER, ORDER_LINK, CHANGE, RENEW_BY, Mail.Round.FIRST));
        MailTemplates.Rendered reminder = MailTemplates.render(
                new Mail.ConsentRenewalNeeded(ADA, "k2", ORDER, ORDER_LINK, CHANGE, RENEW_BY, Mail.Round.REMINDER));

        assertThat(first.kind()).isEqualTo("consent-renewal-needed");
        assertThat(reminder.kind()).isEqualTo("consent-renewal-reminder");
        assertThat(reminder.subject()).isNotEqualTo(first.subject()).startsWith("Reminder");
        for (MailTemplates.Rendered mail : List.of(first, reminder)) {
            assertThat(mail.text())
                    .contains("on hold")
                    .contains("nothing")
                    .contains("cancel the order")
                    .contains("delete your selfies")
                    .contains("16 December 2026 at 09:30 UTC");
        }
    }

    @Test
    @Tag("R9")
    void a_lapsed_hold_says_why_the_order_was_cancelled_and_where_the_money_is() {
        String underWay = MailTemplates.render(new Mail.ConsentRenewalLapsed(ADA, "k", ORDER, Mail.Refund.UNDER_WAY))
                .text();
        String refunded = MailTemplates.render(new Mail.ConsentRenewalLapsed(ADA, "k", ORDER, Mail.Refund.REFUNDED))
                .text();

        assertThat(underWay)
                .contains("cancelled order 3F2A9C1E")
                .contains("consent was not renewed within 14 days")
                .contains("refund of your payment is on its way")
                .contains("selfies are being deleted");
        assertThat(refunded).contains("has been refunded");
    }

    @ParameterizedTest
    @EnumSource(RequestKind.class)
    void every_kind_of_privacy_request_is_named_in_plain_words(RequestKind kind) {
        String received = MailTemplates.render(
                        new Mail.PrivacyRequestReceived(ADA, "k", REQUEST, kind, LocalDate.of(2026, 12, 2)))
                .text();
        String completed = MailTemplates.render(new Mail.PrivacyRequestCompleted(ADA, "k", REQUEST, kind))
                .text();

        assertThat(received)
                .doesNotContain(kind.name())
                .contains("2 December 2026")
                .contains("C0FFEE00");
        assertThat(completed).doesNotContain(kind.name()).contains("C0FFEE00");
    }

    @ParameterizedTest
    @EnumSource(Promise.class)
    @Tag("R49")
    void every_alarm_says_what_is_at_risk_about_which_subject_and_what_to_do(Promise promise) {
        Alarm alarm = Alarm.raise(promise, Subject.of("order", ORDER), RAISED, "");

        MailTemplates.Rendered message = MailTemplates.render(new Mail.PromiseAtRisk(ADA, "email:ALARM:x:0", alarm));

        assertThat(message.kind()).isEqualTo("promise-at-risk");
        assertThat(message.subject()).isEqualTo("Kaptura alarm: " + promise.risk());
        assertThat(message.text())
                .contains(promise.rule().id())
                .contains("order " + ORDER)
                .contains(promise.whatToDo())
                .contains(promise.label())
                .doesNotContain("What was seen")
                .doesNotContain("@");
    }

    @Test
    void an_erased_person_is_not_sent_to_a_privacy_page_they_no_longer_have() {
        String completed = MailTemplates.render(
                        new Mail.PrivacyRequestCompleted(ADA, "k", REQUEST, RequestKind.ERASURE))
                .text();

        assertThat(completed).contains("erased").doesNotContain("privacy page");
    }
}
