package ai.kaptura.domain.headshot;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionFacts;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.Trigger;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Headshots are copied into our vault with a SHA-256, kept while the account lives, deleted on erasure: R15. */
class HeadshotStorageTest {

    private final Fixtures f = new Fixtures();
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));
    private final Instant trainedAt = paidAt.plus(Duration.ofHours(1));
    private final Order generating = f.generating(f.draft(8), paidAt, trainedAt);

    @Test
    @Tag("R15")
    void storing_the_same_headshot_twice_changes_nothing() {
        Headshot headshot = f.headshot(Fixtures.STUDIO, trainedAt.plusSeconds(60));

        Order once = generating.headshotStored(headshot);
        Order twice = once.headshotStored(headshot);

        assertThat(once.headshots()).containsExactly(headshot);
        assertThat(twice).isEqualTo(once);
        assertThat(twice.headshots().getFirst().sha256()).isEqualTo(headshot.sha256());
    }

    @Test
    @Tag("R15")
    void each_distinct_headshot_is_kept() {
        Order two = generating
                .headshotStored(f.headshot(Fixtures.STUDIO, trainedAt))
                .headshotStored(f.headshot(Fixtures.OFFICE, trainedAt));

        assertThat(two.headshots()).hasSize(2);
    }

    @Test
    @Tag("R15")
    void a_headshot_of_a_style_not_ordered_or_outside_generation_is_refused() {
        assertThatThrownBy(() -> generating.headshotStored(f.headshot(Fixtures.OUTDOOR, trainedAt)))
                .isInstanceOf(DomainViolation.class);
        Order paid = Fixtures.paid(f.draft(8), paidAt);
        assertThatThrownBy(() -> paid.headshotStored(f.headshot(Fixtures.STUDIO, trainedAt)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R15")
    void headshots_are_kept_after_delivery_and_go_on_erasure() {
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);
        Instant delivered = trainedAt.plus(Duration.ofHours(1));

        RetentionFacts afterDelivery = RetentionFacts.none()
                .and(Trigger.HEADSHOTS_DELIVERED, delivered)
                .and(Trigger.CREATED, delivered);
        assertThat(policy.verdict(DataCategory.HEADSHOT, afterDelivery))
                .isInstanceOf(RetentionPolicy.Verdict.NotTriggered.class);

        Instant erasure = delivered.plus(Duration.ofDays(400));
        assertThat(policy.dueAt(DataCategory.HEADSHOT, afterDelivery.and(Trigger.ERASURE_REQUESTED, erasure)))
                .contains(erasure);
    }
}
