package ai.kaptura.domain.cookie;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.shared.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Analytics only after opt-in, and the banner's six-month memory per version: R40, R41. */
class CookiePolicyTest {

    private static final BannerVersion B1 = new BannerVersion("banner-1");
    private static final BannerVersion B2 = new BannerVersion("banner-2");
    private static final VisitorId VISITOR = new VisitorId(UUID.fromString("00000000-0000-4000-8000-0000000000aa"));
    /** Six calendar months after {@link ai.kaptura.domain.Fixtures#NOW}. */
    private static final Instant SIX_MONTHS_LATER = Instant.parse("2026-09-15T10:00:00Z");

    private static Optional<CookieChoice> choice(boolean analytics, BannerVersion banner, Instant at) {
        return Optional.of(new CookieChoice(VISITOR, analytics, banner, at));
    }

    /** Analytics accepted on banner 1 at {@code NOW}. */
    private static final Optional<CookieChoice> ACCEPTED = choice(true, B1, NOW);
    /** Analytics refused on banner 1 at {@code NOW}. */
    private static final Optional<CookieChoice> REFUSED = choice(false, B1, NOW);

    static Stream<Arguments> choicesWithinSixMonths() {
        return Stream.of(
                Arguments.of("no choice yet", Optional.empty(), false, true),
                Arguments.of("accepted", ACCEPTED, true, false),
                Arguments.of("refused", REFUSED, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choicesWithinSixMonths")
    @Tag("R40")
    void analytics_only_after_accept_and_a_prompt_only_before_any_choice(
            String situation, Optional<CookieChoice> choice, boolean analytics, boolean prompt) {
        for (Instant at : List.of(NOW, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))) {
            assertThat(CookiePolicy.analyticsAllowed(choice, B1, at))
                    .as("analytics at %s", at)
                    .isEqualTo(analytics);
            assertThat(CookiePolicy.shouldPrompt(choice, B1, at))
                    .as("prompt at %s", at)
                    .isEqualTo(prompt);
        }
    }

    @Test
    @Tag("R40")
    void withdrawal_is_a_later_refusal_and_stops_analytics_at_once() {
        Instant accepted = NOW;
        Instant withdrawn = NOW.plus(Duration.ofDays(3));

        assertThat(CookiePolicy.analyticsAllowed(choice(true, B1, accepted), B1, withdrawn))
                .isTrue();
        assertThat(CookiePolicy.analyticsAllowed(choice(false, B1, withdrawn), B1, withdrawn))
                .isFalse();
    }

    @Test
    @Tag("R41")
    void no_re_prompt_within_six_months_for_the_same_banner() {
        assertThat(CookiePolicy.shouldPrompt(ACCEPTED, B1, NOW.plus(Duration.ofDays(1))))
                .isFalse();
        assertThat(CookiePolicy.shouldPrompt(REFUSED, B1, SIX_MONTHS_LATER.minusSeconds(1)))
                .isFalse();
        assertThat(CookiePolicy.analyticsAllowed(ACCEPTED, B1, SIX_MONTHS_LATER.minusSeconds(1)))
                .isTrue();
    }

    @Test
    @Tag("R41")
    @Tag("R40")
    void re_prompt_after_six_months_and_no_analytics_until_answered() {
        assertThat(CookiePolicy.shouldPrompt(ACCEPTED, B1, SIX_MONTHS_LATER)).isTrue();
        assertThat(CookiePolicy.shouldPrompt(REFUSED, B1, SIX_MONTHS_LATER)).isTrue();
        assertThat(CookiePolicy.analyticsAllowed(ACCEPTED, B1, SIX_MONTHS_LATER))
                .isFalse();
    }

    @Test
    @Tag("R41")
    @Tag("R40")
    void re_prompt_when_the_banner_version_changes_and_no_analytics_until_re_accepted() {
        Instant nextDay = NOW.plus(Duration.ofDays(1));

        assertThat(CookiePolicy.shouldPrompt(ACCEPTED, B2, nextDay)).isTrue();
        assertThat(CookiePolicy.analyticsAllowed(ACCEPTED, B2, nextDay)).isFalse();

        Optional<CookieChoice> reAccepted = choice(true, B2, nextDay.plusSeconds(5));
        assertThat(CookiePolicy.shouldPrompt(reAccepted, B2, nextDay.plusSeconds(10)))
                .isFalse();
        assertThat(CookiePolicy.analyticsAllowed(reAccepted, B2, nextDay.plusSeconds(10)))
                .isTrue();
    }

    @Test
    @Tag("R41")
    void each_choice_records_its_banner_version() {
        CookieChoice choice = new CookieChoice(VISITOR, true, B1, NOW);

        assertThat(choice.banner()).isEqualTo(B1);
        assertThatThrownBy(() -> new CookieChoice(VISITOR, true, null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BannerVersion("banner 1")).isInstanceOf(InvalidInput.class);
    }
}
