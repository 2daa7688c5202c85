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
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.fake.FakePhotoAnalysis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Photo-quality advice after upload (R51): the upload answers once the selfie is stored, with a job enqueued in the same
 * transaction; the job measures the selfie, compares it with the order's earlier selfies read back through the owner's
 * permit, and keeps only its flags, with an audit entry saying so, once. Advice never stops an upload or a checkout:
 * when the analysis cannot run, the job ends without advice, and a selfie removed, an order paid or an account being
 * erased meanwhile is left alone.
 */
@Tag("R51")
class PhotoAdviceTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    private List<AuditEntry> adviceEntries() {
        return k.stores.auditLog().read(1, 10_000).stream()
                .filter(e -> e.event().action() == AuditAction.PHOTO_ADVICE_COMPUTED)
                .toList();
    }

    /** Uploads one photo and runs the jobs due, as the node does just after the answer. */
    private void uploadAndAdvise(Journey j, byte[] photo) {
        assertThat(j.upload(photo)).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        k.runDueJobs();
    }

    private List<Job> adviceJobs() {
        return k.stores.jobs().scheduled(JobKind.ADVISE_SELFIE);
    }

    @Test
    void the_upload_answers_before_the_analysis_and_the_job_then_records_the_flags_and_the_audit_entry_once() {
        k.analysis.measuring(new PhotoMeasures(2, 0.3, 12, 120));
        Journey ada = new Journey(k, "ada@example.com").signIn().order();

        UploadSelfie.Outcome answer = ada.upload(Journey.png(64, 1));

        assertThat(answer).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);
        SelfieId selfie = ((UploadSelfie.Outcome.Uploaded) answer).selfie();
        assertThat(k.analysis.calls()).as("nothing analysed before the answer").isZero();
        assertThat(k.orders.advice(ada.account, ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();
        assertThat(adviceJobs())
                .singleElement()
                .satisfies(job -> assertThat(job.payload()).isEqualTo(ada.order + " " + selfie));
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order)).containsExactly(selfie);

        assertThat(k.runDueJobs()).isEqualTo(1);

        assertThat(k.failedJobs).isEmpty();
        assertThat(k.analysis.calls()).isEqualTo(1);
        assertThat(k.orders.advice(ada.account, ada.order).get(selfie).flags())
                .containsExactly(AdviceFlag.SEVERAL_FACES, AdviceFlag.BLURRY);
        assertThat(adviceEntries())
                .singleElement()
                .satisfies(e -> assertThat(e.event().subject().id()).isEqualTo(selfie.toString()));
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order)).isEmpty();

        // Run again, as after a crash between its transaction and the scheduler's note that it ended: nothing more.
        k.advisor.adviseStored(ada.order, selfie);
        assertThat(k.analysis.calls()).as("not analysed again").isEqualTo(1);
        assertThat(adviceEntries()).hasSize(1);
        assertThat(k.orders.advice(ada.account, ada.order)).hasSize(1);
    }

    @Test
    void each_upload_is_measured_its_flags_kept_and_the_computing_audited() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        uploadAndAdvise(ada, Journey.png(64, 1));
        k.analysis.measuring(new PhotoMeasures(2, 0.3, 12, 120));
        uploadAndAdvise(ada, Journey.png(65, 2));
        k.analysis.measuring(FakePhotoAnalysis.GOOD);
        uploadAndAdvise(ada, Journey.png(66, 3));
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
        k.runDueJobs(); // the three jobs at once: each compares with the selfies uploaded before its own
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
        assertThat(k.orders.adviceUnderWay(bob.account, ada.order)).isEmpty();
        k.runDueJobs();

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
    void an_analysis_that_cannot_run_ends_the_job_without_advice_and_with_one_warning() {
        k.analysis.unavailable();
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        UploadSelfie.Outcome outcome = ada.upload(Journey.png(64, 1));
        assertThat(outcome).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);

        List<java.util.logging.LogRecord> logged = warnings(k::runDueJobs);

        assertThat(logged)
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage()).contains("No photo-quality advice for this upload"));
        assertThat(k.failedJobs).as("finished, not failed: no retry").isEmpty();
        assertThat(adviceJobs()).as("nothing left to run").isEmpty();
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order)).isEmpty();
        assertThat(ada.current().liveSelfies()).hasSize(1);
        assertThat(k.vault.countOf(ada.account)).isEqualTo(1);
        assertThat(k.analysis.calls()).isEqualTo(1);
        assertThat(k.orders.advice(ada.account, ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();

        k.clock.advance(java.time.Duration.ofHours(2));
        assertThat(k.runDueJobs()).as("not tried again").isZero();
        assertThat(k.analysis.calls()).isEqualTo(1);
    }

    @Test
    void a_photo_without_advice_long_after_its_upload_is_not_said_to_be_checked() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        ada.upload(Journey.png(64, 1));
        k.clock.advance(java.time.Duration.ofMinutes(9));
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order)).hasSize(1);

        k.clock.advance(java.time.Duration.ofMinutes(2));

        assertThat(adviceJobs()).as("its job still waits").hasSize(1);
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order)).isEmpty();
    }

    @Test
    void a_photo_whose_analysis_ended_without_advice_is_not_said_to_be_checked_while_another_photo_is() {
        k.analysis.unavailable();
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        ada.upload(Journey.png(64, 1));
        warnings(k::runDueJobs);
        SelfieId unanalysed = ada.current().liveSelfies().getFirst().id();
        UploadSelfie.Outcome second = ada.upload(Journey.png(65, 2));
        SelfieId waiting = ((UploadSelfie.Outcome.Uploaded) second).selfie();

        assertThat(k.orders.advice(ada.account, ada.order)).isEmpty();
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order))
                .as("only the photo whose own job is live; the first one's job ended without advice")
                .containsExactly(waiting)
                .doesNotContain(unanalysed);
    }

    @Test
    void an_analysis_that_crashes_ends_the_job_without_advice() {
        k.analysis.crashing(new IllegalStateException("a bug in the analysis"));
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        assertThat(ada.upload(Journey.png(64, 1))).isInstanceOf(UploadSelfie.Outcome.Uploaded.class);

        List<java.util.logging.LogRecord> logged = warnings(k::runDueJobs);

        assertThat(logged)
                .singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessage("a bug in the analysis"));
        assertThat(k.failedJobs).isEmpty();
        assertThat(adviceJobs()).isEmpty();
        assertThat(ada.current().liveSelfies()).hasSize(1);
        assertThat(k.orders.advice(ada.account, ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();
    }

    @Test
    void a_selfie_removed_before_its_job_runs_is_not_analysed() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        ada.upload(Journey.png(64, 1));
        ada.upload(Journey.png(65, 2));
        List<Selfie> selfies = ada.current().liveSelfies();
        k.orders.remove(
                new UploadSelfie.Remove(ada.account, ada.order, selfies.get(0).id()));

        k.runDueJobs();

        assertThat(k.failedJobs).isEmpty();
        assertThat(k.analysis.calls()).as("only the selfie kept").isEqualTo(1);
        assertThat(k.analysis.earlierRead()).as("nor read as an earlier one").isEmpty();
        assertThat(k.orders.advice(ada.account, ada.order))
                .containsOnlyKeys(selfies.get(1).id());
        assertThat(adviceEntries())
                .singleElement()
                .satisfies(e -> assertThat(e.event().subject().id())
                        .isEqualTo(selfies.get(1).id().toString()));
    }

    @Test
    void an_order_paid_before_its_jobs_run_is_not_analysed() {
        Journey ada = new Journey(k, "ada@example.com")
                .signIn()
                .order()
                .upload(8)
                .checkOut()
                .pay();
        assertThat(adviceJobs()).hasSize(8);
        assertThat(k.orders.adviceUnderWay(ada.account, ada.order))
                .as("nothing is said of a paid order")
                .isEmpty();

        k.runDueJobs();

        assertThat(k.failedJobs).isEmpty();
        assertThat(adviceJobs()).isEmpty();
        assertThat(k.analysis.calls()).isZero();
        assertThat(k.advices.of(ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();
    }

    @Test
    void an_account_being_erased_before_the_job_runs_is_not_analysed() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        UploadSelfie.Outcome answer = ada.upload(Journey.png(64, 1));
        SelfieId selfie = ((UploadSelfie.Outcome.Uploaded) answer).selfie();
        k.erase.erase(ada.account);

        k.advisor.adviseStored(ada.order, selfie); // the advice job, run before the erasure's own job

        assertThat(k.analysis.calls()).isZero();
        assertThat(k.advices.of(ada.order)).isEmpty();
        assertThat(adviceEntries()).isEmpty();
    }

    @Test
    void advice_on_every_photo_does_not_stop_checkout() {
        k.analysis.measuring(new PhotoMeasures(0, 0, 3, 20));
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.runDueJobs();

        assertThat(k.orders.advice(ada.account, ada.order).values())
                .hasSize(8)
                .allSatisfy(a -> assertThat(a.flags()).contains(AdviceFlag.NO_FACE, AdviceFlag.BLURRY));
        assertThat(ada.checkOut(true, true, true)).isInstanceOf(CheckOut.Outcome.Ready.class);
    }
}
