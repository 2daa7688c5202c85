package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.MailHolds.Hold;
import ai.kaptura.ports.out.MailHolds.Reason;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MailHolds} store must do (R49): keep each hold once per reason and subject, keep when it began
 * however often it is held again, answer truthfully whether a hold or a release changed anything — also when nodes
 * race.
 *
 * <p>{@link #holds()} is called at the start of each test and must answer an empty store.
 */
@Tag("R49")
public abstract class MailHoldsContract {

    /** A fresh, empty store. */
    protected abstract MailHolds holds();

    private static final String MESSAGE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void nothing_is_held_at_first() {
        assertThat(holds().held(10)).isEmpty();
        assertThat(holds().find(Reason.QUOTA_REACHED, "resend")).isEmpty();
    }

    @Test
    void a_hold_is_kept_exactly_and_found_by_its_reason_and_subject() {
        MailHolds holds = holds();
        Hold quota = new Hold(Reason.QUOTA_REACHED, "resend", minutes(0), minutes(60), "429 daily_quota_exceeded");

        assertThat(holds.hold(quota)).isTrue();

        assertThat(holds.find(Reason.QUOTA_REACHED, "resend")).contains(quota);
        assertThat(holds.find(Reason.DELIVERY_UNSURE, "resend")).isEmpty();
        assertThat(holds.held(10)).containsExactly(quota);
    }

    @Test
    void holding_again_keeps_when_it_began_and_takes_the_new_end() {
        MailHolds holds = holds();
        holds.hold(new Hold(Reason.QUOTA_REACHED, "resend", minutes(0), minutes(60), "429 daily_quota_exceeded"));

        assertThat(holds.hold(new Hold(
                        Reason.QUOTA_REACHED, "resend", minutes(61), minutes(420), "429 monthly_quota_exceeded")))
                .isFalse();

        assertThat(holds.find(Reason.QUOTA_REACHED, "resend"))
                .contains(new Hold(
                        Reason.QUOTA_REACHED, "resend", minutes(0), minutes(420), "429 monthly_quota_exceeded"));
    }

    @Test
    void a_release_is_seen_once() {
        MailHolds holds = holds();
        holds.hold(
                new Hold(Reason.DELIVERY_UNSURE, MESSAGE, minutes(0), minutes(1440), "409 invalid_idempotent_request"));

        assertThat(holds.release(Reason.DELIVERY_UNSURE, MESSAGE)).isTrue();
        assertThat(holds.release(Reason.DELIVERY_UNSURE, MESSAGE)).isFalse();
        assertThat(holds.held(10)).isEmpty();
    }

    @Test
    void the_oldest_hold_comes_first_and_the_limit_is_kept() {
        MailHolds holds = holds();
        Hold late = new Hold(Reason.DELIVERY_UNSURE, MESSAGE, minutes(30), minutes(1470), "409");
        Hold early = new Hold(Reason.QUOTA_REACHED, "resend", minutes(10), minutes(70), "429");
        holds.hold(late);
        holds.hold(early);

        assertThat(holds.held(10)).containsExactly(early, late);
        assertThat(holds.held(1)).containsExactly(early);
    }

    @Test
    void of_eight_nodes_holding_the_same_mail_exactly_one_sees_the_hold_begin() {
        MailHolds holds = holds();

        List<Boolean> held = Concurrently.all(
                8, i -> holds.hold(new Hold(Reason.QUOTA_REACHED, "resend", minutes(i), minutes(60 + i), "node " + i)));
        List<Boolean> released = Concurrently.all(8, i -> holds.release(Reason.QUOTA_REACHED, "resend"));

        assertThat(held).containsOnlyOnce(true);
        assertThat(released).containsOnlyOnce(true);
        assertThat(holds.held(10)).isEmpty();
    }
}
