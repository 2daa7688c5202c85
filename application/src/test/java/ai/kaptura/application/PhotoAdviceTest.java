package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.PhotoMeasures;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.out.fake.FakePhotoAnalysis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Photo-quality advice on upload (R51): each selfie is measured once it is sanitised, compared with the order's earlier
 * selfies read back through the owner's permit, and only its flags are kept, with an audit entry saying so. Advice
 * never stops an upload or a checkout: when the analysis cannot run, the selfie is stored without advice.
 */
@Tag("R51")
class PhotoAdviceTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    private List<AuditEntry> adviceEntries() {
        return k.stores.auditLog().read(1, 10_000).stream()
                .filter(e -> e.event().action() == AuditAction.PHOTO_ADVICE_COMPUTED)
                .toList();
    }

    @Test
    void each_upload_is_measured_its_flags_kept_and_the_computing_audited() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        ada.upload(Journey.png(64, 1));
        k.analysis.measuring(new PhotoMeasures(2, 0.3, 12, 120));
        ada.upload(Journey.png(65, 2));
        k.analysis.measuring(FakePhotoAnalysis.GOOD);
        ada.upload(Journey.png(66, 3));
        List<Selfie> selfies = ada.current().liveSelfies();

        Map<SelfieId, SelfieAdvice> advice = k.orders.advice(ada.account, ada.order);

        assertThat(advice).containsOnlyKeys(selfies.stream().map(Selfie::id).toList());
        assertThat(advice.get(selfies.get(0).id())).isEqualTo(SelfieAdvice.NONE);
        assertThat(advice.get(selfies.get(1).id()).flags())
                .containsExactly(AdviceFlag.SEVERAL_FACES, AdviceFlag.BLURRY);
        assertThat(advice.get(selfies.get(2).id())).isEqualTo(SelfieAdvice.NONE);
        // Each upload compared with every earlier live selfie, read through the owner's permit.
        assertThat(k.analysis.earlierRead())
                .containsExactly(
                        selfies.get(0).id(), selfies.get(0).id(), selfies.get(1).id());
        assertThat(adviceEntries()).hasSize(3).allSatisfy(e -> {
            assertThat(e.event().rule()).isEqualTo(Rule.R51);
            assertThat(e.event().subject().type()).isEqualTo("selfie");
        });
        assertThat(adviceEntries().get(1).event().details())
                .containsEntry("flags", "[SEVERAL_FACES, BLURRY]")
                .containsEntry("order", ada.order.toString());
    }

    @Test
    void the_same_photo_twice_is_advised_as_the_same_as_the_first_and_a_removed_selfie_loses_its_advice() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        byte[] photo = Journey.png(64, 7);
        ada.upload(photo);
        ada.upload(Journey.png(70, 8));
        ada.upload(photo);
        List<Selfie> selfies = ada.current().liveSelfies();

        SelfieAdvice third =
                k.orders.advice(ada.account, ada.order).get(selfies.get(2).id());
        assertThat(third.flags()).containsExactly(AdviceFlag.SAME_AS);
        assertThat(third.sameAs()).contains(selfies.get(0).id());

        k.orders.remove(
                new UploadSelfie.Remove(ada.account, ada.order, selfies.get(2).id()));
        assertThat(k.orders.advice(ada.account, ada.order))
                .doesNotContainKey(selfies.get(2).id());
    }

    @Test
    void another_persons_order_has_no_advice_for_them() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(2);
        Journey bob = new Journey(k, "bob@example.com").signIn();

        assertThat(k.orders.advice(ada.account, ada.order)).hasSize(2);
        assertThat(k.orders.advice(bob.account, ada.order)).isEmpty();
    }

    /** The warnings PhotoAdvisor logs while {@code work} runs (System.Logger goes to java.util.logging here). */
    private static List<java.util.logging.LogRecord> warnings(Runnable work) {
        java.util.logging.Logger logger =
                java.util.logging.Logger.getLogger(ai.kaptura.application.order.PhotoAdvisor.class.getName());
        List<java.util.logging.LogRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    seen.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            work.run();
        } finally {
            logger.removeHandler(handler);
        }
        return seen;
    }

    @Test
    void an_analysis_that_cannot_run_leaves_the_upload_stored_without_advice() {
        k.analysis.unavailable();
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        UploadSelfie.Outcome[] answer = new UploadSelfie.Outcome[1];

        List<java.util.logging.LogRecord> logged = warnings(() -> answer[0] = ada.upload(Journey.png(64, 1)));
        UploadSelfie.Outcome outcome = answer[0];

        assertThat(logged)
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage()).contains("No photo-quality advice for this upload"));

        assertThat(outcome).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        assertThat(ada.current().liveSelfies()).hasSize(1);
        assertThat(k.vault.countOf(ada.account)).isEqualTo(1);
        assertThat(k.analysis.calls()).isEqualTo(1);
        assertThat(k.orders.advice(ada.account, ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();
    }

    @Test
    void an_analysis_that_crashes_leaves_the_upload_stored_without_advice() {
        k.analysis.crashing(new IllegalStateException("a bug in the analysis"));
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        UploadSelfie.Outcome[] answer = new UploadSelfie.Outcome[1];

        List<java.util.logging.LogRecord> logged = warnings(() -> answer[0] = ada.upload(Journey.png(64, 1)));

        assertThat(answer[0]).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        assertThat(logged)
                .singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessage("a bug in the analysis"));
        assertThat(ada.current().liveSelfies()).hasSize(1);
        assertThat(k.orders.advice(ada.account, ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();
    }

    @Test
    void advice_on_every_photo_does_not_stop_checkout() {
        k.analysis.measuring(new PhotoMeasures(0, 0, 3, 20));
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(8);

        assertThat(k.orders.advice(ada.account, ada.order).values())
                .hasSize(8)
                .allSatisfy(a -> assertThat(a.flags()).contains(AdviceFlag.NO_FACE, AdviceFlag.BLURRY));
        assertThat(ada.checkOut(true, true, true)).isInstanceOf(CheckOut.Outcome.Ready.class);
    }
}
