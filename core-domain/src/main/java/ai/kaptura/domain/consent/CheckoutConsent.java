package ai.kaptura.domain.consent;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the two unticked consent boxes and the 18+ box at checkout (or at renewal after a material
 * policy change) amount to. Each purpose is decided on its own (R4); every decision, a refusal too,
 * becomes a record holding the hash of the exact text shown (R5, R6). Nothing about cookies or
 * marketing is asked here, so checkout can never depend on them (R8).
 */
@Implements({Rule.R4, Rule.R5, Rule.R6, Rule.R8, Rule.R9, Rule.R42})
public final class CheckoutConsent {

    private CheckoutConsent() {}

    /**
     * The boxes as the person left them, and the notice version and language the page showed.
     * There is deliberately no field for analytics or marketing (R8).
     */
    public record Boxes(
            boolean biometricProcessing,
            boolean vendorDisclosure,
            boolean adult,
            NoticeVersion noticeVersion,
            Language language) {
        public boolean ticked(ConsentPurpose purpose) {
            return switch (purpose) {
                case BIOMETRIC_PROCESSING -> biometricProcessing;
                case VENDOR_DISCLOSURE -> vendorDisclosure;
            };
        }
    }

    /** The outcome: records to append, and whether the order may go on. */
    public sealed interface Decision {
        List<ConsentRecord> records();

        /** Both purposes granted and 18+ attested: the order may proceed. */
        record Accepted(List<ConsentRecord> records, AgeAttestation attestation) implements Decision {}

        /** Refused; {@code records} (possibly empty) must still be appended (R6). */
        record Refused(Rejection why, List<ConsentRecord> records) implements Decision {}
    }

    /** The boxes at checkout of a draft order. */
    public static Decision atCheckout(
            Account account, Order order, Boxes boxes, PolicyHistory policies, IdSupplier ids, Instant now) {
        Optional<Rejection> blocker = order.checkoutBlocker();
        if (blocker.isPresent()) {
            return new Decision.Refused(blocker.get(), List.of());
        }
        return decide(account, order, boxes, policies, ids, now, AT_CHECKOUT);
    }

    /** The boxes shown on the order page of a paid order whose consent went stale (R9). */
    public static Decision atRenewal(
            Account account, Order order, Boxes boxes, PolicyHistory policies, IdSupplier ids, Instant now) {
        if (!order.status().isInProduction()) {
            return refusal(
                    Rejection.Reason.ORDER_STATE,
                    "Consent is renewed only for an order in production; this one is " + order.status());
        }
        return decide(account, order, boxes, policies, ids, now, AT_RENEWAL);
    }

    /** Where the boxes were ticked: the consent method recorded and where the age was attested. */
    private record Occasion(ConsentMethod method, AgeAttestation.Where where) {}

    private static final Occasion AT_CHECKOUT =
            new Occasion(ConsentMethod.CHECKBOX_AT_CHECKOUT, AgeAttestation.Where.CHECKOUT);
    private static final Occasion AT_RENEWAL =
            new Occasion(ConsentMethod.CHECKBOX_AT_RENEWAL, AgeAttestation.Where.CONSENT_RENEWAL);

    /** A refusal before any box counted: nothing to append. */
    private static Decision refusal(Rejection.Reason reason, String detail) {
        return new Decision.Refused(Rejection.of(reason, detail), List.of());
    }

    private static Decision decide(
            Account account,
            Order order,
            Boxes boxes,
            PolicyHistory policies,
            IdSupplier ids,
            Instant now,
            Occasion occasion) {
        if (!order.belongsTo(account.id())) {
            return refusal(Rejection.Reason.NOT_FOUND, "No such order");
        }
        if (!account.mayProcess()) {
            return refusal(
                    Rejection.Reason.ACCOUNT_RESTRICTED,
                    "Processing is stopped for this account (" + account.status() + ")");
        }
        Optional<PolicyVersion> current = policies.currentAt(now);
        if (current.isEmpty()) {
            return refusal(
                    Rejection.Reason.NOTICE_VERSION_OUTDATED, "No privacy policy is in force yet; checkout is closed");
        }
        PolicyVersion policy = current.get();
        if (!policy.version().equals(boxes.noticeVersion())) {
            return refusal(
                    Rejection.Reason.NOTICE_VERSION_OUTDATED,
                    "The page showed notice version " + boxes.noticeVersion() + " but " + policy.version()
                            + " is in force; reload the page and read the current text");
        }
        if (policy.notice(NoticeKind.ADULT_ATTESTATION, boxes.language()).isEmpty()) {
            return refusal(
                    Rejection.Reason.INVALID_VALUE,
                    "The notices are not available in '" + boxes.language() + "'; available: " + policy.languages());
        }
        if (!boxes.adult()) {
            return refusal(
                    Rejection.Reason.ADULT_ATTESTATION_MISSING,
                    "Kaptura is for people aged 18 or over; please confirm your age");
        }
        List<ConsentRecord> records = new ArrayList<>();
        List<ConsentPurpose> refused = new ArrayList<>();
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            Notice notice = policy.notice(NoticeKind.forPurpose(purpose), boxes.language())
                    .orElseThrow();
            ConsentDecision decision = boxes.ticked(purpose) ? ConsentDecision.GRANTED : ConsentDecision.REFUSED;
            if (decision == ConsentDecision.REFUSED) {
                refused.add(purpose);
            }
            records.add(new ConsentRecord(
                    new ConsentRecordId(ids.next()),
                    account.id(),
                    Optional.of(order.id()),
                    purpose,
                    decision,
                    policy.version(),
                    notice.hash(),
                    occasion.method(),
                    boxes.language(),
                    now));
        }
        if (!refused.isEmpty()) {
            String what = String.join(
                    " and ", refused.stream().map(ProcessingPolicy::describe).toList());
            return new Decision.Refused(
                    Rejection.of(
                            Rejection.Reason.CONSENT_REFUSED,
                            "Headshots cannot be made without your consent to " + what),
                    records);
        }
        return new Decision.Accepted(records, new AgeAttestation(policy.version(), occasion.where(), now));
    }

    /**
     * One action withdraws both purposes for the whole account (R7). The records name the version
     * in force and the texts being withdrawn from.
     */
    public static List<ConsentRecord> withdrawal(
            Account account,
            PolicyVersion inForce,
            Language language,
            ConsentMethod method,
            IdSupplier ids,
            Instant now) {
        Language shown = inForce.languages().contains(language)
                ? language
                : inForce.languages().iterator().next();
        List<ConsentRecord> records = new ArrayList<>();
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            Notice notice =
                    inForce.notice(NoticeKind.forPurpose(purpose), shown).orElseThrow();
            records.add(new ConsentRecord(
                    new ConsentRecordId(ids.next()),
                    account.id(),
                    Optional.empty(),
                    purpose,
                    ConsentDecision.WITHDRAWN,
                    inForce.version(),
                    notice.hash(),
                    method,
                    shown,
                    now));
        }
        return records;
    }
}
