package ai.kaptura.domain.consent;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * What erasure leaves of a consent record (R6, R27): that a decision on a purpose was taken, under which
 * policy version, over which exact text, how and when — under the account's pseudonymous id, which after
 * erasure points at no person. The order link and the language are gone.
 */
@Implements({Rule.R6, Rule.R27})
public record ConsentTombstone(
        ConsentRecordId id,
        AccountId account,
        ConsentPurpose purpose,
        ConsentDecision decision,
        NoticeVersion policyVersion,
        Digest noticeHash,
        ConsentMethod method,
        Instant recordedAt) {

    public ConsentTombstone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(policyVersion, "policy version");
        Objects.requireNonNull(noticeHash, "notice hash");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(recordedAt, "recorded at");
    }
}
