package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.out.Sessions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Sessions} store must do: keep sessions by token hash, replace one by its hash, and
 * delete one, all of an account's, or those that ended ({@link Session#endsAt()}, the earlier of the
 * idle and the absolute limit) before an instant, that instant excluded.
 *
 * <p>{@link #sessions()} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty store.
 */
public abstract class SessionsContract {

    /** A fresh, empty store. */
    protected abstract Sessions sessions();

    @Test
    void an_empty_store_finds_nothing() {
        Sessions sessions = sessions();

        assertThat(sessions.find(Session.hashOf("no such token"))).isEmpty();
        assertThat(sessions.deleteAllOf(accountId())).isZero();
        assertThat(sessions.deleteEndedBefore(days(1_000))).isZero();
    }

    @Test
    void a_session_survives_a_round_trip_and_is_found_by_its_token_hash_only() {
        Sessions sessions = sessions();
        Session started = Session.start("a-random-session-token", accountId(), minutes(0));

        sessions.save(started);

        assertThat(sessions.find(Session.hashOf("a-random-session-token"))).contains(started);
        assertThat(sessions.find(Session.hashOf("another-token"))).isEmpty();
    }

    @Test
    void an_operators_session_keeps_its_role_and_ends_eight_hours_after_it_began() {
        Sessions sessions = sessions();
        Session operator = Session.startOperator("an-operator-session-token", accountId(), minutes(0));

        sessions.save(operator);

        assertThat(sessions.find(Session.hashOf("an-operator-session-token")))
                .get()
                .satisfies(found -> {
                    assertThat(found.role()).isEqualTo(Session.Role.OPERATOR);
                    assertThat(found.endsAt()).isEqualTo(minutes(8 * 60));
                });
        assertThat(sessions.deleteEndedBefore(minutes(8 * 60 - 1))).isZero();
        assertThat(sessions.deleteEndedBefore(minutes(8 * 60 + 1))).isEqualTo(1);
    }

    @Test
    void saving_again_replaces_the_session() {
        Sessions sessions = sessions();
        Session started = session(accountId(), minutes(0), minutes(0));
        sessions.save(started);

        Session seen = started.seen(minutes(90));
        sessions.save(seen);

        assertThat(sessions.find(started.tokenHash())).contains(seen);
        assertThat(sessions.deleteAllOf(started.account()))
                .as("replaced, not added")
                .isEqualTo(1);
    }

    @Test
    void delete_removes_one_session_and_deleting_a_missing_one_is_harmless() {
        Sessions sessions = sessions();
        Session gone = session(accountId(), minutes(0), minutes(0));
        Session kept = session(gone.account(), minutes(1), minutes(1));
        sessions.save(gone);
        sessions.save(kept);

        sessions.delete(gone.tokenHash());

        assertThat(sessions.find(gone.tokenHash())).isEmpty();
        assertThat(sessions.find(kept.tokenHash())).contains(kept);
        assertThatCode(() -> sessions.delete(gone.tokenHash())).doesNotThrowAnyException();
        assertThatCode(() -> sessions.delete(Digest.sha256("never stored"))).doesNotThrowAnyException();
    }

    @Test
    void delete_all_of_ends_every_session_of_the_account_only() {
        Sessions sessions = sessions();
        AnnAndBob saved = savedSessionsOfAnnAndBob(sessions);
        AccountId ann = saved.ann();

        assertThat(sessions.deleteAllOf(ann)).isEqualTo(3);

        assertThat(sessions.find(saved.current().tokenHash())).isEmpty();
        assertThat(sessions.find(saved.recent().tokenHash())).isEmpty();
        assertThat(sessions.find(saved.old().tokenHash())).isEmpty();
        assertThat(sessions.find(saved.bobs().tokenHash())).contains(saved.bobs());
        assertThat(sessions.deleteAllOf(ann)).isZero();
    }

    @Test
    void delete_all_of_except_ends_every_other_session_of_the_account_only() {
        Sessions sessions = sessions();
        AnnAndBob saved = savedSessionsOfAnnAndBob(sessions);
        AccountId ann = saved.ann();
        Session kept = saved.current();

        assertThat(sessions.deleteAllOfExcept(ann, kept.tokenHash())).isEqualTo(2);

        assertThat(sessions.find(kept.tokenHash())).contains(kept);
        assertThat(sessions.find(saved.recent().tokenHash())).isEmpty();
        assertThat(sessions.find(saved.old().tokenHash())).isEmpty();
        assertThat(sessions.find(saved.bobs().tokenHash())).contains(saved.bobs());
        assertThat(sessions.deleteAllOfExcept(ann, kept.tokenHash())).isZero();
        assertThat(sessions.deleteAllOfExcept(ann, Digest.sha256("a session that is not there")))
                .isEqualTo(1);
    }

    @Test
    void delete_ended_before_uses_the_earlier_of_the_idle_and_the_absolute_end() {
        Sessions sessions = sessions();
        AccountId account = accountId();
        // Idle ends first: last seen 10 days ago, so it ended 3 days ago.
        Session idle = session(account, days(-12), days(-10));
        // Absolute ends first: started 29 days ago and seen an hour ago, so it ends in 1 day.
        Session absolute = session(account, days(-29), minutes(-60));
        // Absolute ended: started 31 days ago, seen 2 days ago (idle would end in 5 days).
        Session absoluteEnded = session(account, days(-31), days(-2));
        // Alive: started and seen today.
        Session alive = session(account, minutes(-30), minutes(-5));
        for (Session s : new Session[] {idle, absolute, absoluteEnded, alive}) {
            sessions.save(s);
        }
        assertThat(idle.endsAt()).isEqualTo(days(-3));
        assertThat(absolute.endsAt()).isEqualTo(days(1));
        assertThat(absoluteEnded.endsAt()).isEqualTo(days(-1));

        assertThat(sessions.deleteEndedBefore(minutes(0))).isEqualTo(2);

        assertThat(sessions.find(idle.tokenHash())).isEmpty();
        assertThat(sessions.find(absoluteEnded.tokenHash())).isEmpty();
        assertThat(sessions.find(absolute.tokenHash())).contains(absolute);
        assertThat(sessions.find(alive.tokenHash())).contains(alive);

        assertThat(sessions.deleteEndedBefore(days(1)))
                .as("ending exactly at the instant is not before it")
                .isZero();
        assertThat(sessions.deleteEndedBefore(days(1).plusMillis(1))).isEqualTo(1);
        assertThat(sessions.find(absolute.tokenHash())).isEmpty();
        assertThat(sessions.find(alive.tokenHash())).contains(alive);
    }

    @Test
    void a_session_seen_again_ends_later() {
        Sessions sessions = sessions();
        Session session = session(accountId(), days(-6), days(-6));
        sessions.save(session);
        Session seen = session.seen(days(-1));
        sessions.save(seen);

        assertThat(sessions.deleteEndedBefore(days(2)))
                .as("the idle end moved from day 1 to day 6")
                .isZero();
        assertThat(sessions.find(seen.tokenHash())).contains(seen);
        assertThat(seen.endsAt()).isEqualTo(days(-1).plus(Duration.ofDays(7)));
    }

    /** Three sessions of Ann (one current, one recent, one old) and one of Bob, as saved by a test. */
    private record AnnAndBob(AccountId ann, Session current, Session recent, Session old, Session bobs) {}

    /** Saves three sessions of a fresh account (Ann) and one of another account (Bob), and answers them. */
    private static AnnAndBob savedSessionsOfAnnAndBob(Sessions sessions) {
        AccountId ann = accountId();
        AnnAndBob saved = new AnnAndBob(
                ann,
                session(ann, minutes(0), minutes(0)),
                session(ann, minutes(5), minutes(6)),
                session(ann, days(-20), days(-1)),
                session(accountId(), minutes(0), minutes(0)));
        List.of(saved.current(), saved.recent(), saved.old(), saved.bobs()).forEach(sessions::save);
        return saved;
    }
}
