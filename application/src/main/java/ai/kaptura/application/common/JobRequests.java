package ai.kaptura.application.common;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import java.time.Instant;

/**
 * The jobs the services enqueue, with their keys. A key names the work and the state it was decided
 * on, so a retried enqueue of the same decision is scheduled once, while a new decision gets its own job.
 * Payloads hold opaque ids only (R37).
 */
public final class JobRequests {

    private JobRequests() {
    }

    public static Job submitTraining(Order order, Instant now) {
        return new Job(JobKind.SUBMIT_TRAINING, "submit-training:" + order.id() + ":" + order.version(), order.id().toString(), now);
    }

    public static Job requestGeneration(OrderId order, Instant now) {
        return new Job(JobKind.REQUEST_GENERATION, "request-generation:" + order, order.toString(), now);
    }

    public static Job collectHeadshots(OrderId order, String eventId, Instant now) {
        return new Job(JobKind.COLLECT_HEADSHOTS, "collect-headshots:" + order + ":" + eventId, order.toString(), now);
    }

    public static Job deleteSelfies(Order order, Instant runAt) {
        return new Job(JobKind.DELETE_SELFIES, "delete-selfies:" + order.id() + ":" + order.version(), order.id().toString(), runAt);
    }

    public static Job deleteVendorModel(Order order, Instant now) {
        return new Job(JobKind.DELETE_VENDOR_MODEL, "delete-model:" + order.id(), order.id().toString(), now);
    }

    /** A refund of the order's own payment, or of a duplicate payment reference. */
    public static Job refund(OrderId order, String paymentRef, Instant now) {
        return new Job(JobKind.REFUND_PAYMENT, "refund:" + order + ":" + paymentRef, order + " " + paymentRef, now);
    }

    public static Job email(MailKind kind, String subjectId, Instant now) {
        return new Job(JobKind.SEND_EMAIL, "email:" + kind + ":" + subjectId, kind + " " + subjectId, now);
    }

    public static Job erase(PrivacyRequestId request, Instant runAt) {
        return new Job(JobKind.ERASE_ACCOUNT, "erase:" + request + ":" + runAt.toEpochMilli(), request.toString(), runAt);
    }

    public static Job propagateRectification(AccountId account, String processor, Instant now) {
        return new Job(JobKind.PROPAGATE_RECTIFICATION, "rectify:" + account + ":" + processor + ":" + now.toEpochMilli(),
                account + " " + processor, now);
    }

    /** The emails sent by a job, composed from current state when the job runs. */
    public enum MailKind {
        ORDER_CONFIRMED,
        HEADSHOTS_READY,
        ORDER_FAILED,
        REQUEST_RECEIVED,
        REQUEST_COMPLETED
    }
}
