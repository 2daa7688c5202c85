package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.policyVersion;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.ports.out.PolicyVersions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PolicyVersions} store must do: keep each published version exactly, every notice
 * text character for character and in its order, and answer the history in effect order.
 *
 * <p>{@link #policyVersions()} is called at the start of each test (after every {@code @BeforeEach})
 * and must answer an empty store.
 */
public abstract class PolicyVersionsContract {

    /** A fresh store with no version published. */
    protected abstract PolicyVersions policyVersions();

    @Test
    void nothing_is_published_at_first() {
        PolicyVersions policies = policyVersions();

        assertThat(policies.history()).isEqualTo(PolicyHistory.empty());
        assertThat(policies.history().currentAt(days(10_000))).isEmpty();
    }

    @Test
    void a_version_survives_a_round_trip_exactly_with_every_notice_text() {
        PolicyVersions policies = policyVersions();
        PolicyVersion version = policyVersion("2026-01", days(1), true);

        policies.add(version);

        PolicyHistory history = policies.history();
        assertThat(history.versions()).containsExactly(version);
        PolicyVersion stored = history.versions().getFirst();
        assertThat(stored.notices()).containsExactlyElementsOf(version.notices());
        for (Language language : version.languages()) {
            for (NoticeKind kind : NoticeKind.values()) {
                assertThat(stored.notice(kind, language).orElseThrow().hash())
                        .isEqualTo(version.notice(kind, language).orElseThrow().hash());
            }
        }
        assertThat(stored.notice(NoticeKind.PRIVACY_POLICY, Language.ENGLISH)
                        .orElseThrow()
                        .text())
                .hasSizeGreaterThan(15_000);
    }

    @Test
    void the_history_lists_versions_in_effect_order_whatever_the_order_added() {
        PolicyVersions policies = policyVersions();
        PolicyVersion first = policyVersion("2026-01", days(1), true);
        PolicyVersion third = policyVersion("2026-09", days(200), true);
        PolicyVersion second = policyVersion("2026-03.minor", days(30), false);

        List.of(first, third, second).forEach(policies::add);

        PolicyHistory history = policies.history();
        assertThat(history.versions()).containsExactly(first, second, third);
        assertThat(history.currentAt(days(100))).contains(second);
        assertThat(history.latestMaterialAt(days(100))).contains(first);
        assertThat(history.find(new NoticeVersion("2026-09"))).contains(third);
    }

    @Test
    void a_later_version_leaves_the_earlier_ones_as_they_were() {
        PolicyVersions policies = policyVersions();
        PolicyVersion first = policyVersion("2026-01", days(1), true);
        policies.add(first);

        PolicyHistory.Publication publication =
                policies.history().publish(policyVersion("2026-02", days(40), false), days(0));
        assertThat(publication).isInstanceOf(PolicyHistory.Publication.Published.class);
        policies.add(((PolicyHistory.Publication.Published) publication).version());

        assertThat(policies.history().find(new NoticeVersion("2026-01"))).contains(first);
        assertThat(policies.history().versions()).hasSize(2);
    }
}
