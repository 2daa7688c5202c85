package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Vendor events reach the use cases as the exact bytes and headers that arrived. */
class WebhookTest {

    @RegisterExtension
    static final Server server = new Server();

    /** Not valid UTF-8, with a CR LF and a trailing space: any decoding or trimming would change it. */
    private static final byte[] RAW = {
        '{', '"', 'a', '"', ':', ' ', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}', '\r', '\n', ' '
    };

    @Test
    void a_payment_event_arrives_byte_for_byte_with_every_header() {
        server.fakes.events.answer = "applied";

        HttpResponse<String> response =
                server.send(server.request("POST", "/webhooks/payments", HttpRequest.BodyPublishers.ofByteArray(RAW))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("Stripe-Signature", "t=1700000000,v1=abc")
                        .header("X-Repeated", "one")
                        .header("X-Repeated", "two")
                        .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Server.parse(response.body()))
                .containsEntry("outcome", "applied")
                .containsEntry("event", "evt_1");
        assertThat(server.fakes.events.paymentBody).isEqualTo(RAW);
        assertThat(server.fakes.events.paymentHeaders.get("Stripe-Signature")).containsExactly("t=1700000000,v1=abc");
        assertThat(server.fakes.events.paymentHeaders.get("stripe-signature")).containsExactly("t=1700000000,v1=abc");
        assertThat(server.fakes.events.paymentHeaders.get("X-Repeated")).containsExactly("one", "two");
        assertThat(server.fakes.events.paymentHeaders.get("Content-Type"))
                .containsExactly("application/json; charset=utf-8");
    }

    @Test
    void a_generator_callback_arrives_with_its_token_body_and_headers() {
        server.fakes.events.answer = "ignored";

        HttpResponse<String> response = server.send(server.request(
                        "POST", "/webhooks/generator/opaque_Token-123", HttpRequest.BodyPublishers.ofByteArray(RAW))
                .header("X-Vendor", "astria")
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Server.parse(response.body())).containsEntry("outcome", "ignored");
        assertThat(server.fakes.events.generatorToken).isEqualTo("opaque_Token-123");
        assertThat(server.fakes.events.generatorBody).isEqualTo(RAW);
        assertThat(server.fakes.events.generatorHeaders.get("x-vendor")).isEqualTo(List.of("astria"));
    }

    @Test
    void a_rejected_event_is_a_bad_request_problem() {
        server.fakes.events.answer = "rejected";
        try {
            HttpResponse<String> payment =
                    server.send(server.request("POST", "/webhooks/payments", HttpRequest.BodyPublishers.ofString("{}"))
                            .build());
            HttpResponse<String> generator = server.send(
                    server.request("POST", "/webhooks/generator/tok", HttpRequest.BodyPublishers.ofString("{}"))
                            .build());

            assertThat(payment.statusCode()).isEqualTo(400);
            assertThat(payment.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Server.parse(payment.body()))
                    .containsEntry("type", "https://kaptura.ai/problems/event-not-authentic");
            assertThat(generator.statusCode()).isEqualTo(400);
            assertThat(Server.parse(generator.body()))
                    .containsEntry("type", "https://kaptura.ai/problems/event-malformed");
        } finally {
            server.fakes.events.answer = "applied";
        }
    }

    @Test
    void an_empty_event_still_reaches_the_use_case_to_decide() {
        HttpResponse<String> response =
                server.send(server.request("POST", "/webhooks/payments", HttpRequest.BodyPublishers.noBody())
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.fakes.events.paymentBody).isEmpty();
    }
}
