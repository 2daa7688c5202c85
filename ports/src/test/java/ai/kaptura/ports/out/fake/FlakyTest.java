package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.VendorRefusal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlakyTest {

    private static List<FaultSchedule.Fault> draws(long seed, int calls) {
        FaultSchedule schedule = new FaultSchedule(seed, 0.3);
        List<FaultSchedule.Fault> faults = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            faults.add(schedule.next("astria"));
        }
        return faults;
    }

    @Test
    void the_same_seed_fails_the_same_calls_about_as_often_as_asked_half_of_them_each_way() {
        List<FaultSchedule.Fault> faults = draws(7, 1_000);

        assertThat(draws(7, 1_000)).isEqualTo(faults);
        assertThat(draws(8, 1_000)).isNotEqualTo(faults);
        long unavailable =
                faults.stream().filter(FaultSchedule.Fault.UNAVAILABLE::equals).count();
        long lost =
                faults.stream().filter(FaultSchedule.Fault.ANSWER_LOST::equals).count();
        assertThat(unavailable + lost).isBetween(250L, 350L);
        assertThat(unavailable).isBetween(100L, 200L);
        assertThat(lost).isBetween(100L, 200L);
    }

    @Test
    void a_call_answered_5xx_does_nothing_and_one_whose_answer_is_lost_is_done_yet_both_fail_as_worth_repeating() {
        FaultSchedule schedule = new FaultSchedule(1, 1.0);
        RecordingMailer fake = new RecordingMailer();
        Mailer resend = Flaky.vendor(Mailer.class, fake, "resend", schedule);

        for (int i = 0; i < 20; i++) {
            Mail mail = new Mail.SignInCode(
                    EmailAddress.of("ada@example.com"), "sign-in:" + i, "123456", "https://kaptura.test/");
            assertThatThrownBy(() -> resend.send(mail))
                    .isInstanceOf(IllegalStateException.class)
                    .isNotInstanceOf(VendorRefusal.class);
        }

        assertThat(schedule.injected("resend", FaultSchedule.Fault.UNAVAILABLE)).isPositive();
        assertThat(schedule.injected("resend", FaultSchedule.Fault.ANSWER_LOST)).isPositive();
        assertThat(fake.delivered())
                .as("only the sends whose answer was lost reached the fake")
                .hasSize(schedule.injected("resend", FaultSchedule.Fault.ANSWER_LOST));
    }

    @Test
    void what_never_leaves_the_machine_never_fails_and_the_port_is_named_as_its_vendor() {
        FaultSchedule schedule = new FaultSchedule(1, 1.0);
        PaymentGateway stripe = Flaky.vendor(
                PaymentGateway.class,
                new FakePaymentGateway("whsec_test", MutableClock.at(Instant.parse("2026-03-02T09:00:00Z"))),
                "stripe",
                schedule);

        assertThat(stripe.processorName()).contains("stripe");
        assertThat(stripe.decodeWebhook("{}".getBytes(StandardCharsets.UTF_8), Map.of()))
                .isInstanceOf(Result.Refused.class);
        assertThat(schedule.calls("stripe")).isZero();
    }

    @Test
    void a_calm_schedule_fails_nothing() {
        FaultSchedule schedule = new FaultSchedule(1, 1.0);
        schedule.calm(true);

        assertThat(List.of(schedule.next("stripe"), schedule.next("stripe"))).containsOnly(FaultSchedule.Fault.NONE);
        assertThat(schedule.injected()).isZero();
    }
}
