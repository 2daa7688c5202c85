package ai.kaptura.domain.retention;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A legal hold on one account (R11): an operator places it on a warrant or a subpoena, with the court's or the case's
 * reference and a reason, and lifts it later with a reason. While it is {@link Active}, the destruction of the account's
 * held data is suspended, whatever rule made it due: the retention cap, delivery, withdrawal, erasure.
 *
 * <p><b>What a hold keeps</b> ({@link #WHAT_IS_KEPT}), and nothing more: the account's biometric data and photos — its
 * selfies and headshots in the photo vault, the rows that name them (the account's orders, which hold the selfie and
 * headshot rows), and the account's data key in the vault, without which the photos could not be read. Everything else
 * is erased as usual: the email address, sessions, sign-in codes, consent records (reduced to tombstones) and what
 * every processor holds. <b>The vendor's model at Astria cannot be held by us</b>: it lives in the vendor's systems,
 * not ours, so a hold does not suspend its deletion (R14); it is deleted and confirmed gone as if there were no hold.
 *
 * <p>When the hold is lifted, whatever it kept that is due by then is deleted: the selfies by the retention policy,
 * and, for an account erased under the hold, the headshots, the rows and the vault's key as the erasure would have.
 */
@Implements(Rule.R11)
public sealed interface AccountHold permits AccountHold.Active, AccountHold.Lifted {

    /** What a hold keeps, in the words the person and the erasure evidence are given. */
    String WHAT_IS_KEPT = "your selfies and headshots in our photo vault, the records that name them, and the key"
            + " that encrypts them; everything else is erased";

    /** The shortest reason an operator may give, so that a reason says something. */
    int MIN_REASON = 10;

    Id id();

    AccountId account();

    /** The basis, the reference and when it was placed. */
    LegalHold hold();

    /** The operator who placed it. */
    Actor placedBy();

    /** Why it was placed, in the operator's words. */
    String reason();

    /**
     * The legal basis on which an erasure keeps what the hold keeps, as the erasure evidence and the person's mail
     * state it.
     */
    default String legalBasis() {
        return "GDPR Art. 17(3)(e): legal claims — " + hold().basis().name().toLowerCase(java.util.Locale.ROOT) + " "
                + hold().reference();
    }

    /** The id of one hold: an account may be held, released and held again. */
    record Id(UUID value) {
        public Id {
            Objects.requireNonNull(value, "hold id");
        }

        public static Id parse(String text) {
            return new Id(UUID.fromString(text));
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** Places a hold on {@code account}: by an operator, on a warrant or subpoena with its reference, with a reason. */
    static Active place(
            Id id,
            AccountId account,
            LegalHold.Basis basis,
            String reference,
            Actor operator,
            String reason,
            Instant at) {
        return new Active(id, account, new LegalHold(basis, reference, at), operator, reason);
    }

    /** A hold in force: the account's held data waits. */
    record Active(Id id, AccountId account, LegalHold hold, Actor placedBy, String reason) implements AccountHold {
        public Active {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(hold, "hold");
            operator(placedBy, "placed");
            reason = reasonOf(reason);
        }

        /** Lifts the hold: by an operator, with a reason; what it kept and is due is then deleted. */
        public Lifted lift(Actor operator, String why, Instant at) {
            Objects.requireNonNull(at, "lifted at");
            if (at.isBefore(hold.placedAt())) {
                throw new DomainViolation("A hold is lifted after it was placed, not at " + at);
            }
            return new Lifted(id, account, hold, placedBy, reason, operator, why, at);
        }
    }

    /** A hold no longer in force, kept for the account's history. */
    record Lifted(
            Id id,
            AccountId account,
            LegalHold hold,
            Actor placedBy,
            String reason,
            Actor liftedBy,
            String liftReason,
            Instant liftedAt)
            implements AccountHold {
        public Lifted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(hold, "hold");
            operator(placedBy, "placed");
            reason = reasonOf(reason);
            operator(liftedBy, "lifted");
            liftReason = reasonOf(liftReason);
            Objects.requireNonNull(liftedAt, "lifted at");
        }
    }

    private static void operator(Actor actor, String what) {
        Objects.requireNonNull(actor, what + " by");
        if (actor.kind() != Actor.Kind.OPERATOR) {
            throw new DomainViolation("A legal hold is " + what + " by an operator, not by " + actor.kind());
        }
    }

    private static String reasonOf(String reason) {
        Checks.text(reason, "reason", 1000);
        if (reason.strip().length() < MIN_REASON) {
            throw new InvalidInput("A hold's reason says why, in at least " + MIN_REASON + " characters");
        }
        return reason.strip();
    }
}
