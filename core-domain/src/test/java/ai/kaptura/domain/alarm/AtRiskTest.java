package ai.kaptura.domain.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.Refusal;
import ai.kaptura.domain.privacy.RequestKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R49: when each promise is at risk, at the published thresholds. */
class AtRiskTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final DeadlineCalendar UTC = DeadlineCalendar.of(ZoneOffset.UTC);

    @Test
    @Tag("R20")
    @Tag("R49")
    void a_request_is_at_risk_five_days_before_it_is_due_and_stays_so_once_overdue_until_answered() {
        PrivacyRequest request = PrivacyRequest.receive(
                new PrivacyRequestId(UUID.randomUUID()),
                new AccountId(UUID.randomUUID()),
                RequestKind.ACCESS,
                Channel.ELECTRONIC,
                T0,
                UTC,
                List.of());
        Instant dueBy = request.dueBy(UTC);

        assertThat(AtRisk.requestDue(
                        request, UTC, dueBy.minus(Duration.ofDays(5)).minusSeconds(1)))
                .isFalse();
        assertThat(AtRisk.requestDue(request, UTC, dueBy.minus(Duration.ofDays(5))))
                .isTrue();
        assertThat(AtRisk.requestDue(request, UTC, dueBy.plus(Duration.ofDays(40))))
                .isTrue();
        PrivacyRequest refused = request.refuse(
                        new Refusal(
                                "manifestly unfounded", new ComplaintRoute("the authority", "https://edpb.europa.eu")),
                        dueBy)
                .orElseThrow();
        assertThat(AtRisk.requestDue(refused, UTC, dueBy.plus(Duration.ofDays(40))))
                .isFalse();
    }

    @Test
    @Tag("R42")
    @Tag("R49")
    void a_minor_is_at_risk_72_hours_after_the_flag_until_erased() {
        Account account = Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("kid@example.com"), T0);
        Account flagged = account.flagAsMinor(new MinorFlag(T0, MinorFlag.Source.PARENT_OR_GUARDIAN, "a parent wrote"));

        assertThat(AtRisk.minorNotErased(account, T0.plus(Duration.ofDays(30)))).isFalse();
        assertThat(AtRisk.minorNotErased(flagged, T0.plus(Duration.ofHours(72)).minusSeconds(1)))
                .isFalse();
        assertThat(AtRisk.minorNotErased(flagged, T0.plus(Duration.ofHours(72))))
                .isTrue();
        assertThat(AtRisk.minorNotErased(flagged.erased(), T0.plus(Duration.ofHours(100))))
                .isFalse();
    }

    @Test
    @Tag("R49")
    void jobs_orders_and_selfies_are_at_risk_at_their_thresholds() {
        assertThat(AtRisk.jobFailing(9)).isFalse();
        assertThat(AtRisk.jobFailing(10)).isTrue();
        assertThat(AtRisk.orderStalled(T0, T0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(AtRisk.orderStalled(T0, T0.plus(Duration.ofHours(1)))).isTrue();
        assertThat(AtRisk.stalledIfBegunBy(T0.plus(Duration.ofHours(1)))).isEqualTo(T0);
        assertThat(AtRisk.selfiesPastDue(T0, T0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(AtRisk.selfiesPastDue(T0, T0.plus(Duration.ofHours(1)))).isTrue();
        assertThat(AtRisk.pastDueIfDueBy(T0.plus(Duration.ofHours(1)))).isEqualTo(T0);
        assertThat(AtRisk.modelLateIfTrainedBy(T0.plus(Duration.ofDays(30)))).isEqualTo(T0);
    }
}
