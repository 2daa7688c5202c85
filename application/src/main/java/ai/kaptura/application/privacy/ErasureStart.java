package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.consent.CheckoutConsent;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Processors;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The start of an erasure, the same whether the person asks for it ({@link EraseAccountService}) or the account is
 * flagged as a minor's ({@link FlagMinorService}, R42): consent is withdrawn, every order stops processing at once with
 * its {@link RetentionConsequences} drawn, the request is logged with its deadline (R20) and the checklist of every
 * location that must give evidence (R27), and a durable {@link ErasureJob} is queued to work through it. Runs inside the
 * caller's transaction.
 */
@Implements({Rule.R20, Rule.R27, Rule.R42})
public record ErasureStart(
        Orders orders,
        RetentionConsequences consequences,
        ConsentLedger ledger,
        PolicyVersions policies,
        PrivacyRequests requests,
        Processors processors,
        Collection<String> configuredProcessors,
        Jobs jobs,
        AuditTrail audit,
        IdSupplier ids,
        Settings settings) {

    public ErasureStart {
        configuredProcessors = List.copyOf(configuredProcessors);
    }

    /** The account's erasure request that is still open, if any: asking twice is one request. */
    public Optional<PrivacyRequest> open(AccountId account) {
        return requests.ofAccount(account).stream()
                .filter(r -> r.kind() == RequestKind.ERASURE && r.isOpen())
                .findFirst();
    }

    /** Stops all processing at once and hands the checklist to a durable job; answers the logged request. */
    public PrivacyRequest start(Account account, Actor actor, ConsentMethod method, DeletionReason why, Instant now) {
        return start(account, actor, method, why, now, Channel.ELECTRONIC, now);
    }

    /**
     * As {@link #start(Account, Actor, ConsentMethod, DeletionReason, Instant)}, for a request that reached us by
     * {@code channel} at {@code receivedAt} (a letter or an email an operator records later): its deadline runs from
     * its receipt (R20), while processing stops {@code now}.
     */
    public PrivacyRequest start(
            Account account,
            Actor actor,
            ConsentMethod method,
            DeletionReason why,
            Instant now,
            Channel channel,
            Instant receivedAt) {
        Optional<PolicyVersion> inForce = policies.history().currentAt(now);
        if (inForce.isPresent() && !ledger.ofAccount(account.id()).isEmpty()) {
            for (ConsentRecord record :
                    CheckoutConsent.withdrawal(account, inForce.get(), Language.ENGLISH, method, ids, now)) {
                ledger.append(record);
            }
        }
        PrivacyRequest request = requests.save(PrivacyRequest.receive(
                new PrivacyRequestId(ids.next()),
                account.id(),
                RequestKind.ERASURE,
                channel,
                receivedAt,
                settings.calendar(),
                processors.registry().erasureLocations(configuredProcessors)));
        audit.record(
                actor,
                AuditAction.PRIVACY_REQUEST_RECEIVED,
                Subject.of("privacy_request", request.id()),
                Rule.R27,
                Map.of("kind", request.kind(), "due_on", request.dueOn()));
        for (Order order : orders.ofAccount(account.id())) {
            consequences.saveTransition(order.stopProcessing(why, now), now);
        }
        jobs.enqueue(JobRequests.email(
                JobRequests.MailKind.REQUEST_RECEIVED, request.id().toString(), now));
        jobs.enqueue(JobRequests.erase(request.id(), now));
        return request;
    }
}
