package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.Plan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping lets a request in flight finish, then refuses new connections. */
class GracefulStopTest {

    @Test
    void a_request_in_flight_finishes_during_a_graceful_stop() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Fakes.OrdersFake slowPlans = new Fakes.OrdersFake() {
            @Override
            public List<Plan> plans() {
                entered.countDown();
                try {
                    Thread.sleep(800);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.plans();
            }
        };
        Server server = new Server(Server.Options.defaults(), ignored -> slowPlans);
        HttpAdapter adapter = server.adapter;
        HttpClient client = HttpClient.newHttpClient();
        URI plans = URI.create("http://127.0.0.1:" + adapter.port() + "/api/plans");

        CompletableFuture<HttpResponse<String>> inFlight =
                client.sendAsync(HttpRequest.newBuilder(plans).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        adapter.stop(Duration.ofSeconds(5));

        HttpResponse<String> answered = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("starter");
        assertThat(CompletableFuture.supplyAsync(() -> {
                            try {
                                return HttpClient.newHttpClient()
                                        .send(
                                                HttpRequest.newBuilder(plans)
                                                        .timeout(Duration.ofSeconds(2))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .statusCode();
                            } catch (Exception e) {
                                return -1;
                            }
                        })
                        .get(10, TimeUnit.SECONDS))
                .isEqualTo(-1);
    }
}
