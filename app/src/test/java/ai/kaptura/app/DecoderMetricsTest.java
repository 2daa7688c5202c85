package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.storage.StorageAdapter;
import org.junit.jupiter.api.Test;

/** What the photo decoders are doing reaches /metrics as Prometheus gauges and a counter. */
class DecoderMetricsTest {

    @Test
    void the_decoders_permits_load_peak_and_busy_refusals_are_prometheus_gauges_and_a_counter() {
        StorageAdapter.DecodeLoad load = new StorageAdapter.DecodeLoad() {
            @Override
            public int permits() {
                return 2;
            }

            @Override
            public int inFlight() {
                return 1;
            }

            @Override
            public int mostInFlight() {
                return 2;
            }

            @Override
            public long refusedBusy() {
                return 7;
            }
        };

        String text = Metrics.decoders(load);

        assertThat(text)
                .contains(
                        "# TYPE kaptura_decode_permits gauge\nkaptura_decode_permits 2\n",
                        "# TYPE kaptura_decodes_in_flight gauge\nkaptura_decodes_in_flight 1\n",
                        "# TYPE kaptura_decodes_in_flight_max gauge\nkaptura_decodes_in_flight_max 2\n",
                        "# TYPE kaptura_decode_busy_total counter\nkaptura_decode_busy_total 7\n");
    }
}
