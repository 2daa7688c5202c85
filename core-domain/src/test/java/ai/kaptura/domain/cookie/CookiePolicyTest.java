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

    /** Each situation of banner 1 within six months: whether it prompts, whether analytics may run. */
    static Stream<Arguments> choicesWithinSixMonths() {
        return Stream.of(
                Arguments.of("no choice yet", Optional.empty(), true, false),
                Arguments.of("accepted", ACCEPTED, false, true),
                Arguments.of("refused", REFUSED, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choicesWithinSixMonths")
    @Tag("R40")
    void analytics_only_after_accept_and_a_prompt_only_before_any_choice(
            String situation, Optional<CookieChoice> choice, boolean prompt, boolean analytics) {
        for (Instant at : List.of(NOW, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))) {
            assertPromptAndAnalytics(choice, B1, at, prompt, analytics);
        }
    }

    @Test
    @Tag("R40")
    void withdrawal_is_a_later_refusal_and_stops_analytics_at_once() {
        Instant accepted = NOW;
        Instant withdrawn = NOW.plus(Duration.ofDays(3));

        assertPromptAndAnalytics(choice(true, B1, accepted), B1, withdrawn, false, true);
        assertPromptAndAnalytics(choice(false, B1, withdrawn), B1, withdrawn, false, false);
    }

    @Test
    @Tag("R41")
    void no_re_prompt_within_six_months_for_the_same_banner() {
        assertPromptAndAnalytics(ACCEPTED, B1, NOW.plus(Duration.ofDays(1)), false, true);
        assertPromptAndAnalytics(ACCEPTED, B1, SIX_MONTHS_LATER.minusSeconds(1), false, true);
        assertPromptAndAnalytics(REFUSED, B1, SIX_MONTHS_LATER.minusSeconds(1), false, false);
    }

    @Test
    @Tag("R41")
    @Tag("R40")
    void re_prompt_after_six_months_and_no_analytics_until_answered() {
        assertPromptAndAnalytics(ACCEPTED, B1, SIX_MONTHS_LATER, true, false);
        assertPromptAndAnalytics(REFUSED, B1, SIX_MONTHS_LATER, true, false);
    }

    @Test
    @Tag("R41")
    @Tag("R40")
    void re_prompt_when_the_banner_version_changes_and_no_analytics_until_re_accepted() {
        Instant nextDay = NOW.plus(Duration.ofDays(1));

        assertPromptAndAnalytics(ACCEPTED, B2, nextDay, true, false);

        Optional<CookieChoice> reAccepted = choice(true, B2, nextDay.plusSeconds(5));
        assertPromptAndAnalytics(reAccepted, B2, nextDay.plusSeconds(10), false, true);
    }

    @Test
    @Tag("R41")
    void each_choice_records_its_banner_version() {
        CookieChoice choice = new CookieChoice(VISITOR, true, B1, NOW);

        assertThat(choice.banner()).isEqualTo(B1);
        assertThatThrownBy(() -> new CookieChoice(VISITOR, true, null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BannerVersion("banner 1")).isInstanceOf(InvalidInput.class);
    }

    /** Asserts whether the banner is shown again and whether analytics may run, for {@code choice} at {@code at}. */
    private static void assertPromptAndAnalytics(
            Optional<CookieChoice> choice, BannerVersion banner, Instant at, boolean prompt, boolean analytics) {
        assertThat(CookiePolicy.shouldPrompt(choice, banner, at))
                .as("prompt under %s at %s", banner, at)
                .isEqualTo(prompt);
        assertThat(CookiePolicy.analyticsAllowed(choice, banner, at))
                .as("analytics under %s at %s", banner, at)
                .isEqualTo(analytics);
    }
}
