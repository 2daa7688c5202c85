package ai.kaptura.application.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.application.common.JobRequest.AdviseSelfie;
import ai.kaptura.application.common.JobRequest.CollectHeadshots;
import ai.kaptura.application.common.JobRequest.ConsentHoldStep;
import ai.kaptura.application.common.JobRequest.DeleteSelfies;
import ai.kaptura.application.common.JobRequest.DeleteUnclaimedModel;
import ai.kaptura.application.common.JobRequest.DeleteVendorModel;
import ai.kaptura.application.common.JobRequest.EraseAccount;
import ai.kaptura.application.common.JobRequest.PropagateRectification;
import ai.kaptura.application.common.JobRequest.PurgeErasedData;
import ai.kaptura.application.common.JobRequest.Refund;
import ai.kaptura.application.common.JobRequest.RequestGeneration;
import ai.kaptura.application.common.JobRequest.SendEmail;
import ai.kaptura.application.common.JobRequest.SubmitTraining;
import ai.kaptura.application.common.JobRequests.MailKind;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R37: what a durable job carries, written and read back in one place, in the format jobs already stored carry. */
@Tag("R37")
class JobRequestTest {

    private static final String ORDER_TEXT = "6b617074-7572-4000-8000-000000000001";
    private static final String REQUEST_TEXT = "6b617074-7572-4000-8000-000000000002";
    private static final String ACCOUNT_TEXT = "6b617074-7572-4000-8000-00000000000a";
    private static final OrderId ORDER = OrderId.parse(ORDER_TEXT);
    private static final String SELFIE_TEXT = "6b617074-7572-4000-8000-000000000051";
    private static final SelfieId SELFIE = SelfieId.parse(SELFIE_TEXT);
    private static final PrivacyRequestId REQUEST = PrivacyRequestId.parse(REQUEST_TEXT);
    private static final AccountId ACCOUNT = AccountId.parse(ACCOUNT_TEXT);
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    /** Every shape of request of {@code kind}; the switch does not compile until a new kind has its own. */
    private static List<JobRequest> requestsOf(JobKind kind) {
        return switch (kind) {
            case SUBMIT_TRAINING -> List.of(new SubmitTraining(ORDER));
            case REQUEST_GENERATION -> List.of(new RequestGeneration(ORDER));
            case COLLECT_HEADSHOTS -> List.of(new CollectHeadshots(ORDER));
            case DELETE_SELFIES -> List.of(new DeleteSelfies(ORDER));
            case DELETE_VENDOR_MODEL -> List.of(new DeleteVendorModel(ORDER));
            case DELETE_UNCLAIMED_MODEL ->
                List.of(
                        new DeleteUnclaimedModel(new ModelRef("1504944")),
                        new DeleteUnclaimedModel(new ModelRef("m-7")));
            case REFUND_PAYMENT ->
                List.of(
                        new Refund(ORDER, new PaymentRef("pi_3Nx:1.a-b"), Optional.of(Money.of(1900, "EUR"))),
                        new Refund(ORDER, new PaymentRef("pi_1"), Optional.of(Money.of(500, "JPY"))),
                        new Refund(ORDER, new PaymentRef("pi_1"), Optional.empty()));
            case SEND_EMAIL ->
                List.of(
                        new SendEmail(MailKind.ORDER_CONFIRMED, ORDER_TEXT, Optional.empty()),
                        new SendEmail(
                                MailKind.HEADSHOTS_READY,
                                ORDER_TEXT,
                                Optional.of("email:HEADSHOTS_READY:" + ORDER_TEXT)),
                        new SendEmail(
                                MailKind.ALARM,
                                "JOB_FAILING/job/DELETE_VENDOR_MODEL:delete-model:42/0",
                                Optional.empty()));
            case ERASE_ACCOUNT -> List.of(new EraseAccount(REQUEST));
            case PROPAGATE_RECTIFICATION ->
                List.of(
                        new PropagateRectification(ACCOUNT, "smtp"),
                        new PropagateRectification(ACCOUNT, "Mail Relay Ltd"));
            case CONSENT_HOLD ->
                List.of(
                        new ConsentHoldStep(ORDER, new NoticeVersion("2026-11"), T0, ConsentHoldStep.Step.NOTIFY),
                        new ConsentHoldStep(
                                ORDER, new NoticeVersion("v2.1_b"), T0.plusMillis(7), ConsentHoldStep.Step.CANCEL));
            case PURGE_ERASED_DATA -> List.of(new PurgeErasedData(REQUEST));
            case ADVISE_SELFIE -> List.of(new AdviseSelfie(ORDER, SELFIE));
        };
    }

    @Test
    void every_job_kind_reads_back_the_request_it_was_written_with() {
        for (JobKind kind : JobKind.values()) {
            for (JobRequest request : requestsOf(kind)) {
                Job job = request.job("key:" + kind, T0);

                assertThat(job.kind()).as("%s", request).isEqualTo(kind);
                assertThat(JobRequest.decode(job.kind(), job.payload()))
                        .as("%s", job.payload())
                        .isEqualTo(request);
            }
        }
    }

    /** The payloads as jobs stored before the requests were typed carry them, and what each asks for. */
    @Test
    void payloads_already_stored_in_a_database_still_decode_to_the_same_request() {
        Map<JobKind, Map<String, JobRequest>> stored = Map.ofEntries(
                Map.entry(JobKind.SUBMIT_TRAINING, Map.of(ORDER_TEXT, new SubmitTraining(ORDER))),
                Map.entry(JobKind.REQUEST_GENERATION, Map.of(ORDER_TEXT, new RequestGeneration(ORDER))),
                Map.entry(JobKind.COLLECT_HEADSHOTS, Map.of(ORDER_TEXT, new CollectHeadshots(ORDER))),
                Map.entry(JobKind.DELETE_SELFIES, Map.of(ORDER_TEXT, new DeleteSelfies(ORDER))),
                Map.entry(JobKind.DELETE_VENDOR_MODEL, Map.of(ORDER_TEXT, new DeleteVendorModel(ORDER))),
                Map.entry(
                        JobKind.DELETE_UNCLAIMED_MODEL,
                        Map.of("1504944", new DeleteUnclaimedModel(new ModelRef("1504944")))),
                Map.entry(
                        JobKind.REFUND_PAYMENT,
                        Map.of(
                                ORDER_TEXT + " pi_1 1900 EUR",
                                        new Refund(ORDER, new PaymentRef("pi_1"), Optional.of(Money.of(1900, "EUR"))),
                                // before refunds named their amount: the order's price is refunded
                                ORDER_TEXT + " pi_1", new Refund(ORDER, new PaymentRef("pi_1"), Optional.empty()))),
                Map.entry(
                        JobKind.SEND_EMAIL,
                        Map.of(
                                // before mail could wait: the job's key is the mail's key
                                "ORDER_FAILED " + ORDER_TEXT,
                                new SendEmail(MailKind.ORDER_FAILED, ORDER_TEXT, Optional.empty()),
                                "REQUEST_RECEIVED " + REQUEST_TEXT + " email:REQUEST_RECEIVED:" + REQUEST_TEXT,
                                new SendEmail(
                                        MailKind.REQUEST_RECEIVED,
                                        REQUEST_TEXT,
                                        Optional.of("email:REQUEST_RECEIVED:" + REQUEST_TEXT)))),
                Map.entry(JobKind.ERASE_ACCOUNT, Map.of(REQUEST_TEXT, new EraseAccount(REQUEST))),
                Map.entry(
                        JobKind.PROPAGATE_RECTIFICATION,
                        Map.of(ACCOUNT_TEXT + " smtp", new PropagateRectification(ACCOUNT, "smtp"))),
                Map.entry(
                        JobKind.CONSENT_HOLD,
                        Map.of(
                                ORDER_TEXT + " 2026-11 1772442000000 REMIND",
                                new ConsentHoldStep(
                                        ORDER, new NoticeVersion("2026-11"), T0, ConsentHoldStep.Step.REMIND))),
                Map.entry(JobKind.PURGE_ERASED_DATA, Map.of(REQUEST_TEXT, new PurgeErasedData(REQUEST))),
                Map.entry(
                        JobKind.ADVISE_SELFIE,
                        Map.of(ORDER_TEXT + " " + SELFIE_TEXT, new AdviseSelfie(ORDER, SELFIE))));

        assertThat(stored).containsOnlyKeys(JobKind.values());
        stored.forEach((kind, payloads) -> payloads.forEach((payload, request) -> {
            assertThat(JobRequest.decode(kind, payload))
                    .as("%s %s", kind, payload)
                    .isEqualTo(request);
            assertThat(request.encode()).as("written as before").isEqualTo(payload);
        }));
    }

    @Test
    void the_services_jobs_carry_the_payloads_they_always_carried() {
        assertThat(JobRequests.refund(ORDER, new PaymentRef("pi_1"), Money.of(1900, "EUR"), T0)
                        .payload())
                .isEqualTo(ORDER_TEXT + " pi_1 1900 EUR");
        assertThat(JobRequests.emailLater(MailKind.ORDER_FAILED, ORDER_TEXT, "email:ORDER_FAILED:" + ORDER_TEXT, T0)
                        .payload())
                .isEqualTo("ORDER_FAILED " + ORDER_TEXT + " email:ORDER_FAILED:" + ORDER_TEXT);
        assertThat(JobRequests.propagateRectification(ACCOUNT, "smtp", T0).payload())
                .isEqualTo(ACCOUNT_TEXT + " smtp");
        assertThat(JobRequests.erase(REQUEST, T0).payload()).isEqualTo(REQUEST_TEXT);
        Job hold = JobRequests.consentHold(
                new ConsentHoldStep(ORDER, new NoticeVersion("2026-11"), T0, ConsentHoldStep.Step.CANCEL));
        assertThat(hold.payload()).isEqualTo(ORDER_TEXT + " 2026-11 1772442000000 CANCEL");
        assertThat(hold.key()).isEqualTo("consent-hold:CANCEL:" + ORDER_TEXT + ":2026-11");
    }

    @Test
    void a_payload_that_is_not_of_the_jobs_kind_is_refused_so_the_job_fails_and_is_retried() {
        assertThatThrownBy(() -> JobRequest.decode(JobKind.REFUND_PAYMENT, ORDER_TEXT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobRequest.decode(JobKind.REFUND_PAYMENT, ORDER_TEXT + " pi_1 1900"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobRequest.decode(JobKind.SEND_EMAIL, "ORDER_FAILED"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobRequest.decode(JobKind.CONSENT_HOLD, ORDER_TEXT + " 2026-11 REMIND"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobRequest.decode(JobKind.PROPAGATE_RECTIFICATION, ACCOUNT_TEXT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobRequest.decode(JobKind.DELETE_SELFIES, "ORDER_FAILED " + ORDER_TEXT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
