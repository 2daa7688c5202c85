package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.EraseAccount;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Erasure at the person's request, from the privacy page (R27): the account is marked for erasure, every session ends at
 * once (R47), and the {@link ErasureStart erasure starts}; a durable job then closes the request only with evidence
 * from every location. Asking twice is one request. The person's requests are listed with their status and due dates.
 */
@Implements({Rule.R27, Rule.R47})
public record EraseAccountService(
        OrderBook book,
        Accounts accounts,
        Sessions sessions,
        PrivacyRequests privacyRequests,
        ErasureStart erasure,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock)
        implements EraseAccount {

    @Override
    public Accepted erase(AccountId account) {
        Instant now = clock.instant();
        PrivacyRequest request = Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<PrivacyRequest> open = erasure.open(account);
            if (open.isPresent()) {
                return open.get(); // asking twice is one request
            }
            Account current = book.account(account);
            accounts.save(current.beginErasure());
            // Signed out everywhere at once, not when the erasure job runs: nobody reads the data from now on (R47).
            int ended = sessions.deleteAllOf(account);
            audit.sessionsEnded(account, ended, "erasure requested");
            return erasure.start(
                    current, Actor.person(account), ConsentMethod.ERASURE_REQUEST, DeletionReason.ACCOUNT_ERASED, now);
        }));
        return new Accepted(request.id());
    }

    @Override
    public List<PrivacyRequest> requests(AccountId account) {
        return privacyRequests.ofAccount(account);
    }
}
