package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.ports.in.RecordCookieChoice;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cookie choices through the use case: R40, R41. */
class CookieServiceTest {

    private final TestKaptura k = new TestKaptura();
    private final VisitorId visitor = new VisitorId(new UUID(7, 7));
    private final BannerVersion b1 = new BannerVersion("b1");

    @Test
    @Tag("R40")
    void analytics_runs_only_between_an_accept_and_a_refusal() {
        assertThat(k.cookies.current(visitor).analyticsAllowed()).isFalse();
        assertThat(k.cookies.current(visitor).showBanner()).isTrue();

        assertThat(k.cookies
                        .handle(new RecordCookieChoice.Command(visitor, true, b1))
                        .analyticsAllowed())
                .isTrue();
        assertThat(k.cookies
                        .handle(new RecordCookieChoice.Command(visitor, false, b1))
                        .analyticsAllowed())
                .isFalse();
        assertThat(k.cookies.current(visitor).analyticsAllowed()).isFalse();
    }

    @Test
    @Tag("R41")
    void each_choice_is_recorded_with_its_banner_and_not_asked_again_for_six_months() {
        k.cookies.handle(new RecordCookieChoice.Command(visitor, false, b1));

        assertThat(k.stores.cookieChoices().latest(visitor).orElseThrow().banner())
                .isEqualTo(b1);
        assertThat(k.stores.auditLog().read(1, 10))
                .anyMatch(e -> e.event().action() == AuditAction.COOKIE_CHOICE_RECORDED);
        k.clock.advance(Duration.ofDays(180));
        assertThat(k.cookies.current(visitor).showBanner()).isFalse();
        k.clock.advance(Duration.ofDays(5));
        assertThat(k.cookies.current(visitor).showBanner()).isTrue();
    }

    @Test
    @Tag("R41")
    void a_choice_on_an_old_banner_asks_again() {
        RecordCookieChoice.State state =
                k.cookies.handle(new RecordCookieChoice.Command(visitor, true, new BannerVersion("b0")));

        assertThat(state.showBanner()).isTrue();
        assertThat(state.analyticsAllowed()).isFalse();
    }
}
