package ai.kaptura.application.common;

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
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * What a durable job asks for: one record per {@link JobKind}, and the payload that carries it. The payload is written
 * by {@link #encode()} and read back by {@link #decode(JobKind, String)}, side by side below, so the stored format is
 * defined in this one place; both are exhaustive switches, so a new kind does not compile until it has both. Payloads
 * hold opaque ids only (R37), separated by single spaces, which no id holds (a processor's registry name, which may,
 * comes last and is read to the end). The format is the one jobs already stored in a database carry: change it only
 * with a decoder for the old one.
 */
public sealed interface JobRequest {

    /** Send a paid order's selfies to the generator and start training. */
    record SubmitTraining(OrderId order) implements JobRequest {}

    /** Ask the generator for the headshots of a trained model. */
    record RequestGeneration(OrderId order) implements JobRequest {}

    /** Copy the order's generated images into our vault, mark them, and deliver it. */
    record CollectHeadshots(OrderId order) implements JobRequest {}

    /** Delete the order's selfies that are due for deletion. */
    record DeleteSelfies(OrderId order) implements JobRequest {}

    /** Have the vendor delete the order's model. */
    record DeleteVendorModel(OrderId order) implements JobRequest {}

    /** Have the vendor delete a model that no order holds any more (R14). */
    record DeleteUnclaimedModel(ModelRef model) implements JobRequest {

        public DeleteUnclaimedModel {
            if (model.value().contains(" ")) {
                throw new IllegalArgumentException("A model's reference in a job holds no space");
            }
        }
    }

    /**
     * A refund of {@code payment}, made for {@code order}, of {@code amount} (what the processor says was paid), or, for
     * a job that names none, of the order's price.
     */
    record Refund(OrderId order, PaymentRef payment, Optional<Money> amount) implements JobRequest {

        public Refund {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(payment, "payment");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /**
     * One email: its kind of mail, its subject's id, and — for a mail that waited — the idempotency key it was first sent with
     * (else the job's key is the mail's key).
     */
    record SendEmail(MailKind mailKind, String subjectId, Optional<String> idempotencyKey) implements JobRequest {

        public SendEmail {
            Objects.requireNonNull(mailKind, "mail kind");
            Objects.requireNonNull(idempotencyKey, "idempotency key");
            if (subjectId == null
                    || subjectId.isBlank()
                    || subjectId.contains(" ")
                    || idempotencyKey
                            .filter(key -> key.isBlank() || key.contains(" "))
                            .isPresent()) {
                throw new IllegalArgumentException("A mail job's subject and key are opaque ids without spaces");
            }
        }
    }

    /** Work through the checklist of an erasure. */
    record EraseAccount(PrivacyRequestId request) implements JobRequest {}

    /** Pass the account's current address on to one processor (R26). */
    record PropagateRectification(AccountId account, String processor) implements JobRequest {

        public PropagateRectification {
            Objects.requireNonNull(account, "account");
            if (processor == null || processor.isBlank()) {
                throw new IllegalArgumentException("A rectification names the processor it goes to");
            }
        }
    }

    /**
     * One step of an order held for renewed consent (R9).
     *
     * @param since when the hold began: the reminder and the end of the window count from it
     */
    record ConsentHoldStep(OrderId order, NoticeVersion policy, Instant since, Step step) implements JobRequest {

        /** The steps of a hold, each a durable job. */
        public enum Step {
            /** Tell the person at once. */
            NOTIFY,
            /** Remind them, a week in. */
            REMIND,
            /** Cancel the order at the end of the window. */
            CANCEL
        }
    }

    /** After an erasure, remove the old versions of the erased rows from the database's own files (R27). */
    record PurgeErasedData(PrivacyRequestId request) implements JobRequest {}

    /** Compute the photo-quality advice of one stored selfie of an order (R51). */
    record AdviseSelfie(OrderId order, SelfieId selfie) implements JobRequest {

        public AdviseSelfie {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(selfie, "selfie");
        }
    }

    /** The kind of job that carries this request. */
    default JobKind kind() {
        return switch (this) {
            case SubmitTraining _ -> JobKind.SUBMIT_TRAINING;
            case RequestGeneration _ -> JobKind.REQUEST_GENERATION;
            case CollectHeadshots _ -> JobKind.COLLECT_HEADSHOTS;
            case DeleteSelfies _ -> JobKind.DELETE_SELFIES;
            case DeleteVendorModel _ -> JobKind.DELETE_VENDOR_MODEL;
            case DeleteUnclaimedModel _ -> JobKind.DELETE_UNCLAIMED_MODEL;
            case Refund _ -> JobKind.REFUND_PAYMENT;
            case SendEmail _ -> JobKind.SEND_EMAIL;
            case EraseAccount _ -> JobKind.ERASE_ACCOUNT;
            case PropagateRectification _ -> JobKind.PROPAGATE_RECTIFICATION;
            case ConsentHoldStep _ -> JobKind.CONSENT_HOLD;
            case PurgeErasedData _ -> JobKind.PURGE_ERASED_DATA;
            case AdviseSelfie _ -> JobKind.ADVISE_SELFIE;
        };
    }

    /** The job that carries this request under {@code key}, due at {@code runAt}. */
    default Job job(String key, Instant runAt) {
        return new Job(kind(), key, encode(), runAt);
    }

    /** The payload of this request, as a job stores it; {@link #decode} reads it back. */
    default String encode() {
        return switch (this) {
            case SubmitTraining(OrderId order) -> order.toString();
            case RequestGeneration(OrderId order) -> order.toString();
            case CollectHeadshots(OrderId order) -> order.toString();
            case DeleteSelfies(OrderId order) -> order.toString();
            case DeleteVendorModel(OrderId order) -> order.toString();
            case DeleteUnclaimedModel(ModelRef model) -> model.value();
            // <order> <payment>[ <minor units> <currency>]
            case Refund(OrderId order, PaymentRef payment, Optional<Money> amount) ->
                order + " " + payment
                        + amount.map(a -> " " + a.minorUnits() + " "
                                        + a.currency().getCurrencyCode())
                                .orElse("");
            // <kind> <subject id>[ <idempotency key>]
            case SendEmail(MailKind mailKind, String subjectId, Optional<String> key) ->
                mailKind + " " + subjectId + key.map(k -> " " + k).orElse("");
            case EraseAccount(PrivacyRequestId request) -> request.toString();
            // <account> <processor>
            case PropagateRectification(AccountId account, String processor) -> account + " " + processor;
            // <order> <policy version> <since, epoch ms> <step>
            case ConsentHoldStep(OrderId order, NoticeVersion policy, Instant since, ConsentHoldStep.Step step) ->
                order + " " + policy + " " + since.toEpochMilli() + " " + step;
            case PurgeErasedData(PrivacyRequestId request) -> request.toString();
            // <order> <selfie>
            case AdviseSelfie(OrderId order, SelfieId selfie) -> order + " " + selfie;
        };
    }

    /**
     * The request a job of {@code kind} carries in {@code payload}, as {@link #encode()} wrote it.
     *
     * @throws IllegalArgumentException if the payload is not one of that kind (the job then fails, and is retried)
     */
    static JobRequest decode(JobKind kind, String payload) {
        return switch (kind) {
            case SUBMIT_TRAINING -> new SubmitTraining(OrderId.parse(payload));
            case REQUEST_GENERATION -> new RequestGeneration(OrderId.parse(payload));
            case COLLECT_HEADSHOTS -> new CollectHeadshots(OrderId.parse(payload));
            case DELETE_SELFIES -> new DeleteSelfies(OrderId.parse(payload));
            case DELETE_VENDOR_MODEL -> new DeleteVendorModel(OrderId.parse(payload));
            case DELETE_UNCLAIMED_MODEL -> new DeleteUnclaimedModel(new ModelRef(payload));
            case REFUND_PAYMENT -> {
                String[] words = words(payload, kind, "<order> <payment>[ <minor units> <currency>]", 2, 4);
                Optional<Money> amount = words.length == 4
                        ? Optional.of(new Money(Long.parseLong(words[2]), Currency.getInstance(words[3])))
                        : Optional.empty();
                yield new Refund(OrderId.parse(words[0]), new PaymentRef(words[1]), amount);
            }
            case SEND_EMAIL -> {
                String[] words = words(payload, kind, "<kind> <subject id>[ <idempotency key>]", 2, 3);
                yield new SendEmail(
                        MailKind.valueOf(words[0]),
                        words[1],
                        words.length == 3 ? Optional.of(words[2]) : Optional.empty());
            }
            case ERASE_ACCOUNT -> new EraseAccount(PrivacyRequestId.parse(payload));
            case PROPAGATE_RECTIFICATION -> {
                String[] words = payload.split(" ", 2); // the processor's registry name is the rest
                if (words.length != 2) {
                    throw new IllegalArgumentException("A " + kind + " job's payload is '<account> <processor>'");
                }
                yield new PropagateRectification(AccountId.parse(words[0]), words[1]);
            }
            case CONSENT_HOLD -> {
                String[] words = words(payload, kind, "<order> <policy version> <since> <step>", 4);
                yield new ConsentHoldStep(
                        OrderId.parse(words[0]),
                        new NoticeVersion(words[1]),
                        Instant.ofEpochMilli(Long.parseLong(words[2])),
                        ConsentHoldStep.Step.valueOf(words[3]));
            }
            case PURGE_ERASED_DATA -> new PurgeErasedData(PrivacyRequestId.parse(payload));
            case ADVISE_SELFIE -> {
                String[] words = words(payload, kind, "<order> <selfie>", 2);
                yield new AdviseSelfie(OrderId.parse(words[0]), SelfieId.parse(words[1]));
            }
        };
    }

    /** The payload's space-separated words, if there are as many as one of {@code counts}. */
    private static String[] words(String payload, JobKind kind, String shape, int... counts) {
        String[] words = payload.split(" ");
        for (int count : counts) {
            if (words.length == count) {
                return words;
            }
        }
        throw new IllegalArgumentException("A " + kind + " job's payload is '" + shape + "'");
    }
}
