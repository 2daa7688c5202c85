package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import java.util.List;

/**
 * Erasure: processing stops at once; a durable job works through every location and the request
 * closes only with evidence from each (R27).
 */
public interface EraseAccount {

    record Accepted(PrivacyRequestId request) {}

    Accepted erase(AccountId account);

    /** The person's requests with their status and due dates. */
    List<PrivacyRequest> requests(AccountId account);
}
