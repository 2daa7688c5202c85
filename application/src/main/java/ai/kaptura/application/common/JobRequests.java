package ai.kaptura.application.common;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.domain.shared.Digest;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

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
        return deleteVendorModel(order.id(), now);
    }

    public static Job deleteVendorModel(OrderId order, Instant now) {
        return new Job(JobKind.DELETE_VENDOR_MODEL, "delete-model:" + order, order.toString(), now);
    }

    /** The start of the key of every selfie deletion of the order, whichever version of the order decided it. */
    public static String selfieDeletionsOf(OrderId order) {
        return "delete-selfies:" + order + ":";
    }

    /** The start of the key of every run of the erasure, whenever it was scheduled. */
    public static String erasureRunsOf(PrivacyRequestId request) {
        return "erase:" + request + ":";
    }

    /** A refund of the order's own payment, or of a duplicate payment reference, for the order's price. */
    public static Job refund(OrderId order, String paymentRef, Instant now) {
        return new Job(JobKind.REFUND_PAYMENT, "refund:" + order + ":" + paymentRef, order + " " + paymentRef, now);
    }

    /** A refund of {@code payment}, made for {@code order}, of exactly {@code amount} (what the processor says was paid). */
    public static Job refund(OrderId order, PaymentRef payment, Money amount, Instant now) {
        return new Job(JobKind.REFUND_PAYMENT, "refund:" + order + ":" + payment, new Refund(order, payment, Optional.of(amount)).encode(),
                now);
    }

    /**
     * What a refund job gives back: a payment made for an order, and how much of it — the amount paid, or, for a
     * job that names none, the order's price. Encoded as {@code <order> <payment>[ <minor units> <currency>]}.
     */
    public record Refund(OrderId order, PaymentRef payment, Optional<Money> amount) {

        String encode() {
            return order + " " + payment + amount.map(a -> " " + a.minorUnits() + " " + a.currency().getCurrencyCode()).orElse("");
        }

        public static Refund decode(String payload) {
            String[] words = payload.split(" ");
            if (words.length != 2 && words.length != 4) {
                throw new IllegalArgumentException("A refund job's payload is '<order> <payment>[ <minor units> <currency>]'");
            }
            Optional<Money> amount = words.length == 4
                    ? Optional.of(new Money(Long.parseLong(words[2]), Currency.getInstance(words[3])))
                    : Optional.empty();
            return new Refund(OrderId.parse(words[0]), new PaymentRef(words[1]), amount);
        }
    }

    public static Job email(MailKind kind, String subjectId, Instant now) {
        return new Job(JobKind.SEND_EMAIL, "email:" + kind + ":" + subjectId, new MailPayload(kind, subjectId, Optional.empty()).encode(),
                now);
    }

    /**
     * The same email again at {@code at}, under the idempotency key it was first sent with (R49: a message held for its
     * processor's quota, or for an unsure delivery, waits rather than fails). Each wait is its own job, named by the
     * message's key (by digest) and the instant.
     */
    public static Job emailLater(MailKind kind, String subjectId, String idempotencyKey, Instant at) {
        return new Job(JobKind.SEND_EMAIL, "email-later:" + Digest.sha256(idempotencyKey).hex().substring(0, 24) + ":" + at.toEpochMilli(),
                new MailPayload(kind, subjectId, Optional.of(idempotencyKey)).encode(), at);
    }

    /**
     * What a {@link JobKind#SEND_EMAIL} job carries: the kind of mail, its subject's id, and — for a mail that waited —
     * the idempotency key it was first sent with (else the job's key is the mail's key). Opaque ids only, separated by
     * spaces, which none of them holds.
     */
    public record MailPayload(MailKind kind, String subjectId, Optional<String> idempotencyKey) {

        public MailPayload {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(idempotencyKey, "idempotency key");
            if (subjectId == null || subjectId.isBlank() || subjectId.contains(" ")
                    || idempotencyKey.filter(key -> key.isBlank() || key.contains(" ")).isPresent()) {
                throw new IllegalArgumentException("A mail job's subject and key are opaque ids without spaces");
            }
        }

        public String encode() {
            return kind + " " + subjectId + idempotencyKey.map(key -> " " + key).orElse("");
        }

        public static MailPayload decode(String payload) {
            String[] words = payload.split(" ");
            if (words.length < 2 || words.length > 3) {
                throw new IllegalArgumentException("Not a mail job's payload");
            }
            return new MailPayload(MailKind.valueOf(words[0]), words[1], words.length == 3 ? Optional.of(words[2]) : Optional.empty());
        }
    }

    public static Job erase(PrivacyRequestId request, Instant runAt) {
        return new Job(JobKind.ERASE_ACCOUNT, "erase:" + request + ":" + runAt.toEpochMilli(), request.toString(), runAt);
    }

    /** Purges the database's files of what erasure {@code request} deleted, once it has committed (R27). */
    public static Job purgeErased(PrivacyRequestId request, Instant now) {
        return new Job(JobKind.PURGE_ERASED_DATA, "purge-erased:" + request, request.toString(), now);
    }

    public static Job propagateRectification(AccountId account, String processor, Instant now) {
        return new Job(JobKind.PROPAGATE_RECTIFICATION, "rectify:" + account + ":" + processor + ":" + now.toEpochMilli(),
                account + " " + processor, now);
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
        /** An alarm's mail to the controller's contact (R49); its subject id is an {@link AlarmMail}. */
        ALARM
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
            return alarm.promise().name() + "/" + alarm.subject().type() + "/" + alarm.subject().id() + "/" + day;
        }

        public static AlarmMail decode(String encoded) {
            String[] parts = encoded.split("/", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("An alarm mail is '<promise>/<subject type>/<subject id>/<day>'");
            }
            return new AlarmMail(new Alarm.Key(Promise.valueOf(parts[0]), new Subject(parts[1], parts[2])), Long.parseLong(parts[3]));
        }
    }
}
