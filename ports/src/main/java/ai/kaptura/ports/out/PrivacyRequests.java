package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
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
}
