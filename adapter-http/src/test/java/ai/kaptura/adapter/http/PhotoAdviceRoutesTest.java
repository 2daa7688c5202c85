package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.in.UploadSelfie;
import java.io.ByteArrayInputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order's JSON carries each photo's advice in plain words and the summary the checkout page shows (R51); another
 * person's order answers 404 as always, advice or not.
 */
@Tag("R51")
class PhotoAdviceRoutesTest {

    @RegisterExtension
    static final Server server = new Server();

    private static AccountId account(Server.Session session) {
        return server.fakes.signIn.authenticate(session.token()).orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_order_json_says_the_advice_of_each_photo_and_sums_it_up() {
        Server.Session ada = server.signIn("ada-advice@example.org");
        Server.Session bob = server.signIn("bob-advice@example.org");
        Order draft = server.fakes.orders.draftFor(account(ada));
        for (int i = 0; i < 4; i++) {
            server.fakes.orders.upload(
                    new UploadSelfie.Upload(account(ada), draft.id(), new ByteArrayInputStream(Fakes.JPEG)));
        }
        List<Selfie> selfies = server.fakes.orders.orders.get(draft.id()).liveSelfies();
        server.fakes.orders.advice.put(selfies.get(0).id(), SelfieAdvice.NONE);
        server.fakes.orders.advice.put(
                selfies.get(1).id(),
                new SelfieAdvice(EnumSet.of(AdviceFlag.SEVERAL_FACES, AdviceFlag.BLURRY), Optional.empty()));
        server.fakes.orders.advice.put(
                selfies.get(2).id(),
                new SelfieAdvice(
                        EnumSet.of(AdviceFlag.SAME_AS),
                        Optional.of(selfies.get(0).id())));
        // selfies.get(3): not analysed (the analysis was unavailable)

        Map<String, Object> order =
                Server.parse(server.get("/api/orders/" + draft.id(), ada).body());

        List<Map<String, Object>> entries = (List<Map<String, Object>>) order.get("selfies");
        assertThat(entries)
                .extracting(e -> e.get("advice"))
                .containsExactly(
                        List.of(), List.of("more than one face", "blurry"), List.of("same as photo 1"), List.of());
        assertThat(entries).extracting(e -> e.get("analysed")).containsExactly(true, true, true, false);
        assertThat((Map<String, Object>) order.get("adviceSummary"))
                .containsEntry("photos", 4)
                .containsEntry("withAdvice", 2)
                .containsEntry("text", "2 of your 4 photos may lower the quality of your headshots.");
        assertThat(server.get("/api/orders/" + draft.id(), bob).statusCode()).isEqualTo(404);
    }

    @Test
    void an_order_past_payment_or_without_photos_costs_no_read_for_advice() {
        Server.Session cleo = server.signIn("cleo-advice@example.org");
        Order empty = server.fakes.orders.draftFor(account(cleo));
        Order paid = server.fakes.orders.paidAwaitingRenewal(account(cleo));
        int before = server.fakes.orders.adviceAsked.get();

        assertThat(server.get("/api/orders/" + empty.id(), cleo).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/orders/" + paid.id(), cleo).statusCode()).isEqualTo(200);

        assertThat(server.fakes.orders.adviceAsked).hasValue(before);
    }
}
