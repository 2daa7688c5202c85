package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Randomness;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Randomness} must do: codes of exactly the digits asked for, URL-safe tokens that
 * carry the bytes asked for, and no repeats in practice (sign-in codes and session tokens rest on it).
 */
public abstract class RandomnessContract {

    protected abstract Randomness randomness();

    @Test
    void digits_are_exactly_the_count_asked_and_decimal_only() {
        Randomness random = randomness();
        for (int count : new int[] {1, 6, 12}) {
            assertThat(random.digits(count)).hasSize(count).matches("\\d+");
        }
    }

    @Test
    void every_digit_occurs_in_a_thousand_codes() {
        Randomness random = randomness();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            for (char c : random.digits(6).toCharArray()) {
                seen.add(c);
            }
        }
        assertThat(seen).hasSize(10);
    }

    @Test
    void tokens_are_url_safe_and_decode_to_the_bytes_asked_for() {
        Randomness random = randomness();
        String token = random.token(32);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    }

    @Test
    void tokens_do_not_repeat() {
        Randomness random = randomness();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            tokens.add(random.token(16));
        }
        assertThat(tokens).hasSize(10_000);
    }
}
