package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SeededRandomnessTest {

    @Test
    void the_same_seed_gives_the_same_answers() {
        SeededRandomness one = new SeededRandomness(7);
        SeededRandomness two = new SeededRandomness(7);

        assertThat(one.digits(6)).isEqualTo(two.digits(6)).matches("\\d{6}");
        assertThat(one.token(32)).isEqualTo(two.token(32));
        assertThat(new SeededRandomness(8).digits(12)).isNotEqualTo(new SeededRandomness(7).digits(12));
    }

    @Test
    void tokens_are_url_safe_and_carry_the_bytes_asked_for() {
        SeededRandomness random = new SeededRandomness();

        String token = random.token(32);

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(random.token(32)).isNotEqualTo(token);
    }

    @Test
    void queued_answers_come_first_in_order() {
        SeededRandomness random =
                new SeededRandomness().nextDigits("123456").nextDigits("654321").nextToken("fixed-token_1");

        assertThat(random.digits(6)).isEqualTo("123456");
        assertThat(random.digits(6)).isEqualTo("654321");
        assertThat(random.digits(6)).matches("\\d{6}");
        assertThat(random.token(32)).isEqualTo("fixed-token_1");
        assertThat(random.token(32)).hasSize(43);
    }

    @Test
    void queued_digits_must_have_the_length_asked_for() {
        SeededRandomness random = new SeededRandomness().nextDigits("1234");

        assertThatThrownBy(() -> random.digits(6)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> random.nextDigits("12a")).isInstanceOf(IllegalArgumentException.class);
    }
}
