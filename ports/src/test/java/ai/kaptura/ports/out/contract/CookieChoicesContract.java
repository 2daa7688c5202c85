package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.cookieChoice;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.visitor;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.ports.out.CookieChoices;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CookieChoices} store must do: keep each choice exactly with its banner version,
 * answer a visitor's newest, and delete those made before an instant (that instant excluded).
 *
 * <p>{@link #cookieChoices()} is called at the start of each test (after every {@code @BeforeEach})
 * and must answer an empty store.
 */
public abstract class CookieChoicesContract {

    /** A fresh, empty store. */
    protected abstract CookieChoices cookieChoices();

    @Test
    void an_unknown_visitor_has_no_choice() {
        CookieChoices choices = cookieChoices();

        assertThat(choices.latest(visitor())).isEmpty();
        assertThat(choices.deleteMadeBefore(days(1_000))).isZero();
    }

    @Test
    void a_choice_survives_a_round_trip_exactly() {
        CookieChoices choices = cookieChoices();
        CookieChoice accepted = new CookieChoice(visitor(), true, new BannerVersion("v2026-02_b.1"), minutes(0));

        choices.record(accepted);

        assertThat(choices.latest(accepted.visitor())).contains(accepted);
    }

    @Test
    void latest_answers_the_visitors_newest_choice_whatever_the_order_recorded() {
        CookieChoices choices = cookieChoices();
        VisitorId ann = visitor();
        CookieChoice refused = cookieChoice(ann, false, days(-100));
        CookieChoice newest = new CookieChoice(ann, false, new BannerVersion("banner-2026.03"), days(-1));
        CookieChoice accepted = cookieChoice(ann, true, days(-50));
        CookieChoice bobs = cookieChoice(visitor(), true, days(0));

        List.of(refused, newest, accepted, bobs).forEach(choices::record);

        assertThat(choices.latest(ann)).contains(newest);
        assertThat(choices.latest(bobs.visitor())).contains(bobs);
    }

    @Test
    void delete_made_before_removes_older_choices_only_and_counts_them() {
        CookieChoices choices = cookieChoices();
        VisitorId ann = visitor();
        VisitorId bob = visitor();
        CookieChoice annOld = cookieChoice(ann, true, days(-400));
        CookieChoice annBoundary = cookieChoice(ann, false, days(-365));
        CookieChoice bobOld = cookieChoice(bob, true, days(-380));
        CookieChoice cidNew = cookieChoice(visitor(), false, days(-10));
        for (CookieChoice c : new CookieChoice[] {annOld, annBoundary, bobOld, cidNew}) {
            choices.record(c);
        }

        assertThat(choices.deleteMadeBefore(days(-365))).isEqualTo(2);

        assertThat(choices.latest(ann)).contains(annBoundary);
        assertThat(choices.latest(bob)).isEmpty();
        assertThat(choices.latest(cidNew.visitor())).contains(cidNew);
        assertThat(choices.deleteMadeBefore(days(-365))).isZero();
        assertThat(choices.deleteMadeBefore(days(-365).plusMillis(1))).isEqualTo(1);
        assertThat(choices.latest(ann)).isEmpty();
    }

    @Test
    void deleting_old_choices_keeps_a_newer_one_as_the_latest() {
        CookieChoices choices = cookieChoices();
        VisitorId ann = visitor();
        CookieChoice older = cookieChoice(ann, true, days(-200));
        CookieChoice newer = cookieChoice(ann, false, days(-20));
        choices.record(older);
        choices.record(newer);

        assertThat(choices.deleteMadeBefore(days(-100))).isEqualTo(1);

        assertThat(choices.latest(ann)).contains(newer);
    }
}
