package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SequentialIdsTest {

    @Test
    void ids_are_numbered_predictably_from_1() {
        SequentialIds ids = new SequentialIds();

        assertThat(ids.peek()).isEqualTo(SequentialIds.nth(1));
        assertThat(ids.next()).isEqualTo(UUID.fromString("00000000-0000-4000-8000-000000000001"));
        assertThat(ids.next()).isEqualTo(SequentialIds.nth(2));
        assertThat(ids.lastIssued()).isEqualTo(2);
        assertThat(SequentialIds.nth(255)).hasToString("00000000-0000-4000-8000-0000000000ff");
        assertThat(SequentialIds.nth(7).version()).isEqualTo(4);
        assertThat(SequentialIds.nth(7).variant()).isEqualTo(2);
    }

    @Test
    void a_sequence_may_start_later() {
        SequentialIds ids = new SequentialIds(100);

        assertThat(ids.next()).isEqualTo(SequentialIds.nth(100));
        assertThatThrownBy(() -> new SequentialIds(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
