package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.consent.CheckoutConsent;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Withdrawal of biometric consent from the privacy page, in one action (R7): a withdrawal record per purpose under the
 * policy in force, then every order stops at once — unfinished work cancelled, selfies due for deletion, the vendor asked
 * to delete the model — with its {@link RetentionConsequences} drawn in the same transaction. The request is logged,
 * already answered, with its deadline (R20).
 */
@Implements({Rule.R7, Rule.R20})
public record WithdrawConsentService(
        OrderBook book,
        Orders orders,
        RetentionConsequences consequences,
        ConsentLedger ledger,
        PolicyVersions policies,
        PrivacyRequests requests,
        Transactions tx,
        AuditTrail audit,
        IdSupplier ids,
        InstantSource clock,
        Settings settings)
        implements WithdrawConsent {

    @Override
    public Outcome handle(Command command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Account account = book.account(command.account());
            Optional<PolicyVersion> inForce = policies.history().currentAt(now);
            if (inForce.isPresent()) {
                for (ConsentRecord record : CheckoutConsent.withdrawal(
                        account,
                        inForce.get(),
                        command.language(),
                        command.by().kind() == Actor.Kind.OPERATOR
                                ? ConsentMethod.WITHDRAWAL_RECORDED_BY_OPERATOR
                                : ConsentMethod.WITHDRAWAL_ON_PRIVACY_PAGE,
                        ids,
                        now)) {
                    ledger.append(record);
                    audit.record(
                            command.by(),
                            AuditAction.CONSENT_WITHDRAWN,
                            Subject.of("consent", record.id()),
                            Rule.R7,
                            Map.of("purpose", record.purpose()));
                }
            }
            List<OrderId> stopped = new ArrayList<>();
            int selfies = 0;
            int models = 0;
            for (Order order : orders.ofAccount(account.id())) {
                Order after =
                        consequences.saveTransition(order.stopProcessing(DeletionReason.CONSENT_WITHDRAWN, now), now);
                if (after.status() != order.status()) {
                    stopped.add(order.id());
                    audit.record(command.by(), AuditAction.ORDER_CANCELLED, Subject.of("order", order.id()), Rule.R7);
                }
                selfies += (int) (after.selfies().stream()
                                .filter(Selfie.PendingDeletion.class::isInstance)
                                .count()
                        - order.selfies().stream()
                                .filter(Selfie.PendingDeletion.class::isInstance)
                                .count());
                if (after.model().isPresent() && !after.model().equals(order.model())) {
                    models++;
                }
            }
            AnsweredRequests.record(
                    requests,
                    ids,
                    settings,
                    account.id(),
                    RequestKind.WITHDRAWAL,
                    command.channel(),
                    command.receivedAt().orElse(now),
                    now);
            return new Outcome(stopped, selfies, models);
        }));
    }
}
