package ai.kaptura.domain.biometric;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The personal model the AI vendor trains from a person's selfies: biometric data in the vendor's
 * hands (R2). It must be gone within 30 days of training (R14): deletion is requested right after
 * delivery (or on withdrawal or erasure), counts as done only when the vendor answers that it is gone,
 * and raises an alarm if still unconfirmed 30 days after training.
 *
 * <pre>
 * Requested ──trained──▶ Trained
 *     │                     │
 *     └──requestDeletion────┴──▶ DeletionRequested ──confirmed(evidence)──▶ DeletionConfirmed
 *                                    │  ▲
 *                                    └──┘ attemptFailed (retried)
 * </pre>
 */
@Implements({Rule.R2, Rule.R14})
public sealed interface VendorModel
        permits VendorModel.Requested,
                VendorModel.Trained,
                VendorModel.DeletionRequested,
                VendorModel.DeletionConfirmed {

    ModelRef ref();

    Instant requestedAt();

    Optional<Instant> trainedAt();

    /**
     * The latest instant the model may exist: 30 days after training, or after the request if
     * training never finished (the vendor holds the training set all the same).
     */
    default Instant deletionDeadline() {
        return trainedAt().orElse(requestedAt()).plus(LegalConstants.VENDOR_MODEL_MAX_AGE);
    }

    default boolean isDeletionConfirmed() {
        return this instanceof DeletionConfirmed;
    }

    /** R14: unconfirmed at the deadline is an incident an operator must see. */
    default boolean needsAlarm(Instant now) {
        return !isDeletionConfirmed() && !now.isBefore(deletionDeadline());
    }

    /** Checks what every stage once deletion is asked carries: the model, when training was asked and (if) done. */
    private static void requireTrainingFacts(ModelRef ref, Instant requestedAt, Optional<Instant> trainedAt) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(requestedAt, "requested at");
        Objects.requireNonNull(trainedAt, "trained at");
    }

    /** Training was requested and the vendor accepted it under {@code ref}. */
    record Requested(ModelRef ref, Instant requestedAt) implements VendorModel {
        public Requested {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(requestedAt, "requested at");
        }

        @Override
        public Optional<Instant> trainedAt() {
            return Optional.empty();
        }

        public Trained trained(Instant at) {
            return new Trained(ref, requestedAt, at);
        }

        public DeletionRequested requestDeletion(DeletionReason why, Instant now) {
            return new DeletionRequested(ref, requestedAt, Optional.empty(), why, now, 0, Optional.empty());
        }
    }

    record Trained(ModelRef ref, Instant requestedAt, Instant trainedAtInstant) implements VendorModel {
        public Trained {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(requestedAt, "requested at");
            Objects.requireNonNull(trainedAtInstant, "trained at");
        }

        @Override
        public Optional<Instant> trainedAt() {
            return Optional.of(trainedAtInstant);
        }

        public DeletionRequested requestDeletion(DeletionReason why, Instant now) {
            return new DeletionRequested(ref, requestedAt, trainedAt(), why, now, 0, Optional.empty());
        }
    }

    /**
     * Deletion asked of the vendor; {@code attempts} counts the checks that found it still there, and
     * {@code lastAttemptAt} when the last one ran.
     */
    record DeletionRequested(
            ModelRef ref,
            Instant requestedAt,
            Optional<Instant> trainedAt,
            DeletionReason reason,
            Instant deletionRequestedAt,
            int attempts,
            Optional<Instant> lastAttemptAt)
            implements VendorModel {

        public DeletionRequested {
            requireTrainingFacts(ref, requestedAt, trainedAt);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(deletionRequestedAt, "deletion requested at");
            Objects.requireNonNull(lastAttemptAt, "last attempt");
            if (attempts < 0) {
                throw new DomainViolation("Attempts cannot be negative");
            }
        }

        /** The vendor still had it: the request stands and will be retried. */
        public DeletionRequested attemptFailed(Instant now) {
            return new DeletionRequested(
                    ref, requestedAt, trainedAt, reason, deletionRequestedAt, attempts + 1, Optional.of(now));
        }

        /** Only the vendor's own "gone" answer (e.g. 404 on a GET) closes the lifecycle. */
        public DeletionConfirmed confirmed(DeletionEvidence evidence) {
            if (evidence.category() != DataCategory.VENDOR_MODEL
                    || !evidence.subject().equals(ref.value())) {
                throw new DomainViolation("Evidence for " + evidence.category() + " " + evidence.subject()
                        + " cannot confirm deletion of model " + ref);
            }
            return new DeletionConfirmed(ref, requestedAt, trainedAt, evidence);
        }
    }

    record DeletionConfirmed(ModelRef ref, Instant requestedAt, Optional<Instant> trainedAt, DeletionEvidence evidence)
            implements VendorModel {
        public DeletionConfirmed {
            requireTrainingFacts(ref, requestedAt, trainedAt);
            Objects.requireNonNull(evidence, "evidence");
        }
    }
}
