package ai.kaptura.domain.signin;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A signed-in browser ends after 7 idle days or 30 days in all; only the token's hash is stored. */
class SessionTest {

    private static final String TOKEN = "s3ss10n-t0ken-0f-at-least-32-chars-xyz";
    private static final AccountId ACCOUNT = new AccountId(UUID.fromString("00000000-0000-4000-8000-000000000001"));

    private final Session session = Session.start(TOKEN, ACCOUNT, NOW);

    @Test
    void a_session_stores_only_the_hash_of_its_token() {
        assertThat(session.tokenHash()).isEqualTo(Digest.sha256(TOKEN));
        assertThat(session.toString()).doesNotContain(TOKEN);
    }

    @Test
    void an_idle_session_ends_after_seven_days() {
        assertThat(session.isValid(NOW.plus(Duration.ofDays(7)).minusSeconds(1)))
                .isTrue();
        assertThat(session.isValid(NOW.plus(Duration.ofDays(7)))).isFalse();
        assertThat(session.endsAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void use_keeps_a_session_alive_until_its_absolute_end() {
        Session used = session;
        for (int day = 6; day < 30; day += 6) {
            Instant at = NOW.plus(Duration.ofDays(day));
            assertThat(used.isValid(at)).as("day %d", day).isTrue();
            used = used.seen(at);
        }
        assertThat(used.lastSeenAt()).isEqualTo(NOW.plus(Duration.ofDays(24)));
        assertThat(used.isValid(NOW.plus(Duration.ofDays(30)).minusSeconds(1))).isTrue();
        assertThat(used.isValid(NOW.plus(Duration.ofDays(30)))).isFalse();
        assertThat(used.endsAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void seen_never_moves_back_in_time() {
        Session later = session.seen(NOW.plus(Duration.ofDays(3)));

        assertThat(later.seen(NOW.plus(Duration.ofDays(1))).lastSeenAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
        assertThat(later.endsAt()).isEqualTo(NOW.plus(Duration.ofDays(10)));
    }
}
