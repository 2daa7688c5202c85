package ai.kaptura.application.pipeline;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequest;
import ai.kaptura.application.common.JobRequest.AdviseSelfie;
import ai.kaptura.application.common.JobRequest.CollectHeadshots;
import ai.kaptura.application.common.JobRequest.ConsentHoldStep;
import ai.kaptura.application.common.JobRequest.DeleteSelfies;
import ai.kaptura.application.common.JobRequest.DeleteUnclaimedModel;
import ai.kaptura.application.common.JobRequest.DeleteVendorModel;
import ai.kaptura.application.common.JobRequest.EraseAccount;
import ai.kaptura.application.common.JobRequest.PropagateRectification;
import ai.kaptura.application.common.JobRequest.PurgeErasedData;
import ai.kaptura.application.common.JobRequest.Refund;
import ai.kaptura.application.common.JobRequest.RequestGeneration;
import ai.kaptura.application.common.JobRequest.SendEmail;
import ai.kaptura.application.common.JobRequest.SubmitTraining;
import ai.kaptura.application.common.JobRequests.MailKind;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.order.PhotoAdvisor;
import ai.kaptura.application.privacy.ErasureJob;
import ai.kaptura.application.retention.BiometricDeletion;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.RunJob;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.Transactions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs each durable job by the request it carries ({@link JobRequest}). A job throws to be retried; each handler is
 * idempotent, so a job that runs twice after a crash does its work once.
 */
public record JobRunner(
        GenerationPipeline pipeline,
        ConsentHolds holds,
        BiometricDeletion deletion,
        MailJob mail,
        ErasureJob erasure,
        PhotoAdvisor advisor,
        OrderBook book,
        Accounts accounts,
        PaymentGateway payments,
        List<ProcessorObligations> obligations,
        Transactions tx,
        AuditTrail audit)
        implements RunJob {

    public JobRunner {
        obligations = List.copyOf(obligations);
    }

    @Override
    public void run(Job job) {
        switch (JobRequest.decode(job.kind(), job.payload())) {
            case SubmitTraining(OrderId order) -> pipeline.submitTraining(order);
            case RequestGeneration(OrderId order) -> pipeline.requestGeneration(order);
            case CollectHeadshots(OrderId order) -> pipeline.collectHeadshots(order);
            case DeleteSelfies(OrderId order) -> deletion.deleteSelfies(order);
            case DeleteVendorModel(OrderId order) -> deletion.deleteVendorModel(order);
            case DeleteUnclaimedModel(ModelRef model) -> deletion.deleteUnclaimedModel(model);
            case Refund refund -> refund(refund, job.key());
            case SendEmail(MailKind kind, String subjectId, Optional<String> key) ->
                mail.send(kind, subjectId, key.orElse(job.key()));
            case EraseAccount(PrivacyRequestId request) -> erasure.run(request);
            case PropagateRectification(AccountId account, String processor) -> rectify(account, processor);
            case ConsentHoldStep step -> holds.follow(step);
            case PurgeErasedData(PrivacyRequestId request) -> erasure.purge(request);
            case AdviseSelfie(OrderId order, SelfieId selfie) -> advisor.adviseStored(order, selfie);
        }
    }

    private void refund(Refund refund, String key) {
        Money amount =
                refund.amount().orElseGet(() -> book.require(refund.order()).price());
        String reference = payments.refund(refund.payment(), amount, key);
        tx.run(() -> audit.record(
                Actor.SYSTEM,
                AuditAction.REFUND_REQUESTED,
                Subject.of("order", refund.order()),
                Rule.R46,
                Map.of("refund", reference, "payment", refund.payment())));
    }

    /** R26: passes the account's current address on to one processor. */
    private void rectify(AccountId accountId, String processor) {
        ProcessorObligations obligation = obligations.stream()
                .filter(o -> o.processorName().equals(processor))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("No adapter answers for processor " + processor + " (R26)"));
        accounts.find(accountId).flatMap(a -> a.email()).ifPresent(email -> {
            String done = obligation.rectifyEmail(accountId, email);
            tx.run(() -> audit.record(
                    Actor.vendor(processor),
                    AuditAction.RECTIFICATION_PROPAGATED,
                    Subject.of("account", accountId),
                    Rule.R26,
                    Map.of("outcome", done)));
        });
    }
}
