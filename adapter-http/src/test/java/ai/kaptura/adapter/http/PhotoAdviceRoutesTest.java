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
        assertThat(entries)
                .as("no advice job under way: the fourth was not analysed, it is not being checked")
                .extracting(e -> e.get("checking"))
                .containsExactly(false, false, false, false);
        assertThat((Map<String, Object>) order.get("adviceSummary"))
                .containsEntry("photos", 4)
                .containsEntry("withAdvice", 2)
                .containsEntry("checking", 0)
                .containsEntry("text", "2 of your 4 photos may lower the quality of your headshots.")
                .containsEntry("checkingText", "");
        assertThat(server.get("/api/orders/" + draft.id(), bob).statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void photos_whose_advice_is_being_computed_are_checking_and_the_summary_counts_them_apart() {
        Server.Session dan = server.signIn("dan-advice@example.org");
        Order draft = server.fakes.orders.draftFor(account(dan));
        for (int i = 0; i < 3; i++) {
            server.fakes.orders.upload(
                    new UploadSelfie.Upload(account(dan), draft.id(), new ByteArrayInputStream(Fakes.JPEG)));
        }
        List<Selfie> selfies = server.fakes.orders.orders.get(draft.id()).liveSelfies();
        server.fakes.orders.advice.put(
                selfies.get(0).id(), new SelfieAdvice(EnumSet.of(AdviceFlag.BLURRY), Optional.empty()));
        server.fakes.orders.adviceUnderWay.add(draft.id());

        Map<String, Object> order =
                Server.parse(server.get("/api/orders/" + draft.id(), dan).body());

        List<Map<String, Object>> entries = (List<Map<String, Object>>) order.get("selfies");
        assertThat(entries).extracting(e -> e.get("analysed")).containsExactly(true, false, false);
        assertThat(entries).extracting(e -> e.get("checking")).containsExactly(false, true, true);
        assertThat((Map<String, Object>) order.get("adviceSummary"))
                .containsEntry("photos", 3)
                .containsEntry("withAdvice", 1)
                .containsEntry("checking", 2)
                .containsEntry("text", "1 of your 3 photos may lower the quality of your headshots.")
                .containsEntry("checkingText", "Checking 2 photos for quality…");

        server.fakes.orders.adviceUnderWay.remove(draft.id());
        for (Selfie selfie : selfies.subList(1, 3)) {
            server.fakes.orders.advice.put(selfie.id(), SelfieAdvice.NONE);
        }
        Map<String, Object> done =
                Server.parse(server.get("/api/orders/" + draft.id(), dan).body());
        assertThat((Map<String, Object>) done.get("adviceSummary"))
                .containsEntry("checking", 0)
                .containsEntry("checkingText", "");
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
