package ai.kaptura.application.privacy;

import ai.kaptura.application.common.JobRequests;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.Instant;

/**
 * Sends an erasure on the moment its wait ends. An {@link ErasureJob} cannot close while a selfie or the vendor's
 * model is still held (R14, R27); it looks again at its recheck, minutes later. When a biometric deletion is confirmed
 * and nothing biometric of the account is left, this queues the account's open erasure to run now, in the caller's
 * transaction, so that an erasure never waits longer than its last deletion does.
 */
@Implements(Rule.R27)
public record ErasureWake(Orders orders, PrivacyRequests requests, Jobs jobs) {

    /** After a deletion of {@code account}'s biometric data was recorded: runs its open erasure now if nothing is left. */
    public void afterBiometricDeletion(AccountId account, Instant now) {
        if (!orders.ofAccount(account).stream().allMatch(Order::biometricDataGone)) {
            return;
        }
        requests.ofAccount(account).stream()
                .filter(r -> r.kind() == RequestKind.ERASURE && r.isOpen())
                .forEach(r -> jobs.enqueue(JobRequests.erase(r.id(), now)));
    }
}
