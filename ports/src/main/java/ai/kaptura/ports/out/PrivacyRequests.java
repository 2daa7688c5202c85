package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Privacy requests with their deadlines and per-location erasure evidence. */
public interface PrivacyRequests {

    Optional<PrivacyRequest> find(PrivacyRequestId id);

    /** The account's requests, newest first. */
    List<PrivacyRequest> ofAccount(AccountId account);

    /** Every request, newest first: the auditor's request log. */
    List<PrivacyRequest> all(int offset, int limit);

    /** Open requests, the earliest due first. */
    List<PrivacyRequest> open(int limit);

    /**
     * Inserts (version 0) or updates, returning the request with its new version.
     *
     * @throws ai.kaptura.domain.shared.ConcurrentUpdate if the stored version is not {@code request.version()}
     */
    PrivacyRequest save(PrivacyRequest request);

    /**
     * Deletes every request closed (completed or refused) before {@code instant}, with its erasure checklist; open
     * requests stay whatever their age. The retention sweep passes the instant the schedule's "deleted at most 3
     * years after it is closed" makes due (R12). The evidence records an erasure's checklist pointed at are not
     * deleted: they hold no personal data and prove deletions.
     *
     * @return how many requests were deleted
     */
    int deleteClosedBefore(Instant instant);
}
