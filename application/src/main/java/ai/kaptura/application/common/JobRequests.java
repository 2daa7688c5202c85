package ai.kaptura.application.common;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.consent.ConsentHold;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.Job;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The jobs the services enqueue, with their keys. A key names the work and the state it was decided
 * on, so a retried enqueue of the same decision is scheduled once, while a new decision gets its own job.
 * What each job asks for, and its payload, is a {@link JobRequest}.
 */
public final class JobRequests {

    private JobRequests() {}

    public static Job submitTraining(Order order, Instant now) {
        return new JobRequest.SubmitTraining(order.id())
                .job("submit-training:" + order.id() + ":" + order.version(), now);
    }

    public static Job requestGeneration(OrderId order, Instant now) {
        return new JobRequest.RequestGeneration(order).job("request-generation:" + order, now);
    }

    public static Job collectHeadshots(OrderId order, String eventId, Instant now) {
        return new JobRequest.CollectHeadshots(order).job("collect-headshots:" + order + ":" + eventId, now);
    }

    public static Job deleteSelfies(Order order, Instant runAt) {
        return new JobRequest.DeleteSelfies(order.id())
                .job("delete-selfies:" + order.id() + ":" + order.version(), runAt);
    }

    public static Job deleteVendorModel(Order order, Instant now) {
        return deleteVendorModel(order.id(), now);
    }

    public static Job deleteVendorModel(OrderId order, Instant now) {
        return new JobRequest.DeleteVendorModel(order).job("delete-model:" + order, now);
    }

    /** The start of the key of every selfie deletion of the order, whichever version of the order decided it. */
    public static String selfieDeletionsOf(OrderId order) {
        return "delete-selfies:" + order + ":";
    }

    /** The start of the key of every run of the erasure, whenever it was scheduled. */
    public static String erasureRunsOf(PrivacyRequestId request) {
        return "erase:" + request + ":";
    }

    /** A refund of {@code payment}, made for {@code order}, of exactly {@code amount} (what the processor says was paid). */
    public static Job refund(OrderId order, PaymentRef payment, Money amount, Instant now) {
        return new JobRequest.Refund(order, payment, Optional.of(amount)).job("refund:" + order + ":" + payment, now);
    }

    public static Job email(MailKind kind, String subjectId, Instant now) {
        return new JobRequest.SendEmail(kind, subjectId, Optional.empty()).job("email:" + kind + ":" + subjectId, now);
    }

    /**
     * The same email again at {@code at}, under the idempotency key it was first sent with (R49: a message held for its
     * processor's quota, or for an unsure delivery, waits rather than fails). Each wait is its own job, named by the
     * message's key (by digest) and the instant.
     */
    public static Job emailLater(MailKind kind, String subjectId, String idempotencyKey, Instant at) {
        return new JobRequest.SendEmail(kind, subjectId, Optional.of(idempotencyKey))
                .job(
                        "email-later:" + Digest.sha256(idempotencyKey).hex().substring(0, 24) + ":" + at.toEpochMilli(),
                        at);
    }

    /** The deletion at the vendor of {@code model}, which no order holds (R14); one job per model. */
    public static Job deleteUnclaimedModel(ModelRef model, Instant now) {
        return new JobRequest.DeleteUnclaimedModel(model).job("delete-unclaimed-model:" + model.value(), now);
    }

    public static Job erase(PrivacyRequestId request, Instant runAt) {
        return new JobRequest.EraseAccount(request).job("erase:" + request + ":" + runAt.toEpochMilli(), runAt);
    }

    /** Purges the database's files of what erasure {@code request} deleted, once it has committed (R27). */
    public static Job purgeErased(PrivacyRequestId request, Instant now) {
        return new JobRequest.PurgeErasedData(request).job("purge-erased:" + request, now);
    }

    /**
     * The photo-quality advice of a selfie just stored (R51), computed after the upload was answered; one job per
     * selfie, so an upload retried after a conflict schedules it once.
     */
    public static Job adviseSelfie(OrderId order, SelfieId selfie, Instant now) {
        return new JobRequest.AdviseSelfie(order, selfie).job(adviceOf(order, selfie), now);
    }

    /** The key of the advice job of one selfie of the order. */
    public static String adviceOf(OrderId order, SelfieId selfie) {
        return advicesOf(order) + selfie;
    }

    /** The start of the key of every advice job of the order's selfies. */
    public static String advicesOf(OrderId order) {
        return "advice:" + order + ":";
    }

    public static Job propagateRectification(AccountId account, String processor, Instant now) {
        return new JobRequest.PropagateRectification(account, processor)
                .job("rectify:" + account + ":" + processor + ":" + now.toEpochMilli(), now);
    }

    /**
     * One step of an order's hold for renewed consent (R9), due when the step is: at once, at the reminder, or at the end
     * of the window. Keyed by the step, the order and the policy version, so a hold is scheduled once per version.
     */
    public static Job consentHold(JobRequest.ConsentHoldStep step) {
        ConsentHold hold = new ConsentHold(step.order(), step.policy(), step.since());
        Instant runAt = switch (step.step()) {
            case NOTIFY -> step.since();
            case REMIND -> hold.remindAt();
            case CANCEL -> hold.cancelAt();
        };
        return step.job("consent-hold:" + step.step() + ":" + step.order() + ":" + step.policy(), runAt);
    }

    /**
     * The mail of an alarm (R49) to the controller's contact, one for each day it has been raised, so a retried send of
     * the day's mail is sent once and the next day's is another mail.
     */
    public static Job alarmMail(Alarm alarm, Instant now) {
        return email(MailKind.ALARM, new AlarmMail(alarm.key(), alarm.day(now)).encode(), now);
    }

    /** The emails sent by a job, composed from current state when the job runs. */
    public enum MailKind {
        ORDER_CONFIRMED,
        HEADSHOTS_READY,
        ORDER_FAILED,
        /** R9: the order was cancelled because consent was not renewed in time after a material policy change. */
        CONSENT_RENEWAL_LAPSED,
        REQUEST_RECEIVED,
        REQUEST_COMPLETED,
        /** The one extension of a request, with its reason (R20). */
        REQUEST_EXTENDED,
        /** A refusal, with its reasons and the complaint route (R21). */
        REQUEST_REFUSED,
        /** An alarm's mail to the controller's contact (R49); its subject id is an {@link AlarmMail}. */
        ALARM,
        /**
         * R11: a legal hold was placed on an account whose erasure is under way: what is kept and why. Its subject id is
         * the erasure request's.
         */
        LEGAL_HOLD_PLACED
    }

    /**
     * Which alarm a mail job is about, and for which day: encoded as {@code <promise>/<subject type>/<subject id>/<day>}
     * (no part holds a '/' or a space).
     */
    public record AlarmMail(Alarm.Key alarm, long day) {

        public AlarmMail {
            Objects.requireNonNull(alarm, "alarm");
            if (day < 0) {
                throw new IllegalArgumentException("An alarm's mail is for its day 0 or later, not " + day);
            }
        }

        public String encode() {
            return alarm.promise().name() + "/" + alarm.subject().type() + "/"
                    + alarm.subject().id() + "/" + day;
        }

        public static AlarmMail decode(String encoded) {
            String[] parts = encoded.split("/", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("An alarm mail is '<promise>/<subject type>/<subject id>/<day>'");
            }
            return new AlarmMail(
                    new Alarm.Key(Promise.valueOf(parts[0]), new Subject(parts[1], parts[2])),
                    Long.parseLong(parts[3]));
        }
    }
}
