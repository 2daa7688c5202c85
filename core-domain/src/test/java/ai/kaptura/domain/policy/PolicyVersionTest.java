package ai.kaptura.domain.policy;

import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Published policy versions carry every notice, each purpose on its own, hashed over the exact text: R4, R5, R6. */
class PolicyVersionTest {

    @Test
    @Tag("R5")
    void the_language_of_a_notice_is_a_normalised_tag() {
        assertThat(Language.ENGLISH.tag()).isEqualTo("en");
        assertThat(Language.of(" EN_us ")).isEqualTo(new Language("en-US"));
        assertThat(Language.of("de-at").tag()).isEqualTo("de-AT");
        assertThatThrownBy(() -> new Language("english")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Language.of(null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    @Tag("R5")
    void a_notice_hash_is_the_sha256_of_its_exact_utf8_text() {
        Notice notice =
                new Notice(NoticeKind.BIOMETRIC_PROCESSING, Language.ENGLISH, "Ich stimme zu: Gesichtsmerkmale – ä");

        assertThat(notice.hash()).isEqualTo(Digest.sha256("Ich stimme zu: Gesichtsmerkmale – ä"));
        assertThat(notice.hash()).isNotEqualTo(Digest.sha256("Ich stimme zu: Gesichtsmerkmale – a"));
    }

    @Test
    @Tag("R4")
    void a_version_lacking_a_notice_kind_in_a_language_cannot_be_published() {
        PolicyVersion full = Fixtures.policy(V1, NOW, false);
        List<Notice> withoutVendor = new ArrayList<>(full.notices());
        withoutVendor.removeIf(n -> n.kind() == NoticeKind.VENDOR_DISCLOSURE);

        assertThatThrownBy(() -> new PolicyVersion(V1, NOW, false, "missing a purpose", withoutVendor))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("VENDOR_DISCLOSURE");
        List<Notice> withGermanHalf = new ArrayList<>(full.notices());
        withGermanHalf.add(new Notice(NoticeKind.PRIVACY_POLICY, Language.of("de"), "Datenschutzerklärung"));
        assertThatThrownBy(() -> new PolicyVersion(V1, NOW, false, "half German", withGermanHalf))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("de");
        List<Notice> twice = new ArrayList<>(full.notices());
        twice.add(new Notice(NoticeKind.BIOMETRIC_PROCESSING, Language.ENGLISH, "another text"));
        assertThatThrownBy(() -> new PolicyVersion(V1, NOW, false, "two texts", twice))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    @Tag("R4")
    void each_purpose_has_its_own_notice_text() {
        PolicyVersion version = Fixtures.policy(V1, NOW, false);

        assertThat(version.notice(NoticeKind.BIOMETRIC_PROCESSING, Language.ENGLISH)
                        .orElseThrow()
                        .text())
                .isNotEqualTo(version.notice(NoticeKind.VENDOR_DISCLOSURE, Language.ENGLISH)
                        .orElseThrow()
                        .text());
        assertThat(version.languages()).containsExactly(Language.ENGLISH);
        assertThat(version.notice(NoticeKind.BIOMETRIC_PROCESSING, Language.of("fr")))
                .isEmpty();
    }

    @Test
    @Tag("R6")
    void two_versions_cannot_share_a_label_or_an_effective_instant() {
        PolicyVersion first = Fixtures.policy(V1, NOW, false);

        assertThatThrownBy(() ->
                        new PolicyHistory(List.of(first, Fixtures.policy(new NoticeVersion("2026-02"), NOW, true))))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new PolicyHistory(List.of(first, Fixtures.policy(V1, NOW.plusSeconds(1), true))))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R6")
    void the_version_in_force_is_the_latest_that_took_effect_and_older_ones_stay_retrievable() {
        NoticeVersion v2 = new NoticeVersion("2026-06");
        PolicyHistory history = new PolicyHistory(
                List.of(Fixtures.policy(v2, NOW.plusSeconds(60), false), Fixtures.policy(V1, NOW, false)));

        assertThat(history.currentAt(NOW.minusSeconds(1))).isEmpty();
        assertThat(history.currentAt(NOW.plusSeconds(59)))
                .map(PolicyVersion::version)
                .contains(V1);
        assertThat(history.currentAt(NOW.plusSeconds(60)))
                .map(PolicyVersion::version)
                .contains(v2);
        assertThat(history.find(V1))
                .map(v -> v.notice(NoticeKind.BIOMETRIC_PROCESSING, Language.ENGLISH)
                        .orElseThrow()
                        .text())
                .contains(Fixtures.noticeText(NoticeKind.BIOMETRIC_PROCESSING, V1));
    }
}
