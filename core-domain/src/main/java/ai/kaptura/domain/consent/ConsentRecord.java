package ai.kaptura.domain.consent;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One consent decision, exactly as it was made: for which purpose, under which policy version, over
 * the hash of which exact text, by what method, in which language, at which server time (R5). Records
 * are only ever appended (R6): a withdrawal is a new record, never an edit of the grant.
 *
 * @param order the order the decision was made for, or empty for an account-wide decision such as a
 *              withdrawal, which covers every order (R7)
 */
@Implements({Rule.R5, Rule.R6})
public record ConsentRecord(
        ConsentRecordId id,
        AccountId account,
        Optional<OrderId> order,
        ConsentPurpose purpose,
        ConsentDecision decision,
        NoticeVersion policyVersion,
        Digest noticeHash,
        ConsentMethod method,
        Language language,
        Instant recordedAt) {

    public ConsentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(policyVersion, "policy version");
        Objects.requireNonNull(noticeHash, "notice hash");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(recordedAt, "recorded at");
        if (decision == ConsentDecision.WITHDRAWN && order.isPresent()) {
            throw new DomainViolation("A withdrawal covers the whole account, not one order (R7)");
        }
        if (decision != ConsentDecision.WITHDRAWN && order.isEmpty()) {
            throw new DomainViolation("A grant or refusal is given for one order, at its checkout");
        }
    }

    /** What erasure keeps of this record (R6, R27). */
    public ConsentTombstone tombstone() {
        return new ConsentTombstone(id, account, purpose, decision, policyVersion, noticeHash, method, recordedAt);
    }

    public boolean appliesTo(OrderId orderId) {
        return order.isEmpty() || order.get().equals(orderId);
    }
}
