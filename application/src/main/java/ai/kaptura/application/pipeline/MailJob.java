package ai.kaptura.application.pipeline;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.JobRequests.AlarmMail;
import ai.kaptura.application.common.JobRequests.MailKind;
import ai.kaptura.application.common.RegisteredMailer;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Alarms;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Transactions;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one email decided by a job. The message is composed when the job runs, from the current state,
 * so no address ever sits in a job payload (R37); an erased account gets nothing, nor does an alarm that cleared
 * meanwhile. Mail leaves only through a registered processor: the mailer given is a {@link RegisteredMailer} (R33),
 * alarm mail to the controller's contact (R49) included.
 *
 * <p>A message the mailer holds — the processor's quota is reached, or its delivery is unsure — is neither dropped
 * nor failed: the job ends, and a job of the same message under the same idempotency key is scheduled for when it may
 * be handed over ({@link JobRequests#emailLater}), as often as it takes (R49; each hold raises an alarm meanwhile).
 *
 * @param alarmContact where alarm mail goes (R49); empty: nowhere
 */
public record MailJob(
        Accounts accounts,
        Orders orders,
        PrivacyRequests requests,
        RegisteredMailer mailer,
        Transactions tx,
        AuditTrail audit,
        Settings settings,
        Alarms alarms,
        Optional<EmailAddress> alarmContact,
        Jobs jobs,
        LegalHolds holds) {

    private static final System.Logger LOG = System.getLogger(MailJob.class.getName());

    /** Sends the mail, or schedules it for when it may be handed over; answers whether one was sent now. */
    public boolean send(MailKind kind, String subjectId, String idempotencyKey) {
        Optional<Mail> mail = compose(kind, subjectId, idempotencyKey);
        if (mail.isEmpty()) {
            mailer.forget(
                    idempotencyKey); // nobody will send it any more: an unsure delivery of it is no longer awaited
            return false;
        }
        try {
            mailer.send(mail.get());
        } catch (RegisteredMailer.MailPaused paused) {
            tx.run(() -> jobs.enqueue(JobRequests.emailLater(kind, subjectId, idempotencyKey, paused.until())));
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "A " + kind + " mail waits until " + paused.until() + ": " + paused.getMessage());
            return false;
        }
        tx.run(() -> audit.record(
                Actor.SYSTEM, AuditAction.EMAIL_SENT, subjectOf(kind, subjectId), Rule.R46, Map.of("kind", kind)));
        return true;
    }

    private Optional<Mail> compose(MailKind kind, String subjectId, String key) {
        return switch (kind) {
            case ORDER_CONFIRMED, HEADSHOTS_READY, ORDER_FAILED, CONSENT_RENEWAL_LAPSED ->
                orders.find(OrderId.parse(subjectId))
                        .flatMap(order -> emailOf(order.account().toString()).map(to -> switch (kind) {
                            case ORDER_CONFIRMED -> new Mail.OrderConfirmed(to, key, order.id());
                            case HEADSHOTS_READY ->
                                new Mail.HeadshotsReady(to, key, order.id(), settings.url("/orders/" + order.id()));
                            case CONSENT_RENEWAL_LAPSED ->
                                new Mail.ConsentRenewalLapsed(to, key, order.id(), refund(order));
                            default -> new Mail.OrderFailed(to, key, order.id(), refund(order));
                        }));
            case REQUEST_RECEIVED, REQUEST_COMPLETED ->
                requests.find(PrivacyRequestId.parse(subjectId))
                        .flatMap(request -> emailOf(request.account().toString())
                                .map(to -> kind == MailKind.REQUEST_RECEIVED
                                        ? new Mail.PrivacyRequestReceived(
                                                to, key, request.id(), request.kind(), request.dueOn())
                                        : new Mail.PrivacyRequestCompleted(to, key, request.id(), request.kind())));
            case REQUEST_EXTENDED, REQUEST_REFUSED ->
                requests.find(PrivacyRequestId.parse(subjectId))
                        .flatMap(request -> emailOf(request.account().toString())
                                .flatMap(to -> kind == MailKind.REQUEST_EXTENDED
                                        ? request.extension().map(e -> (Mail) new Mail.PrivacyRequestExtended(
                                                to, key, request.id(), request.kind(), e.reason(), e.newDueOn()))
                                        : request.refusal()
                                                .map(r -> new Mail.PrivacyRequestRefused(
                                                        to,
                                                        key,
                                                        request.id(),
                                                        request.kind(),
                                                        r.reasons(),
                                                        r.complaintRoute().authority(),
                                                        r.complaintRoute().contact()))));
            case ALARM ->
                alarmContact.flatMap(
                        to -> alarms.find(AlarmMail.decode(subjectId).alarm())
                                .map(alarm -> new Mail.PromiseAtRisk(to, key, alarm)));
            // Only while the erasure is open and the hold still in force: a hold lifted meanwhile keeps nothing.
            case LEGAL_HOLD_PLACED ->
                requests.find(PrivacyRequestId.parse(subjectId))
                        .filter(PrivacyRequest::isOpen)
                        .flatMap(request -> holds.activeOn(request.account())
                                .flatMap(hold -> emailOf(request.account().toString())
                                        .map(to -> new Mail.KeptUnderLegalHold(
                                                to, key, request.id(), AccountHold.WHAT_IS_KEPT, hold.legalBasis()))));
        };
    }

    /**
     * What the failure mail may say about the money: "refunded" only once the processor confirmed it (the order is
     * then {@link OrderStatus#REFUNDED}); a paid order that failed has its refund asked for in the same transaction
     * that failed it, so its mail says the refund is on its way.
     */
    public static Mail.Refund refund(Order order) {
        if (order.payment().isEmpty()) {
            return Mail.Refund.NOT_CHARGED;
        }
        return order.status() == OrderStatus.REFUNDED ? Mail.Refund.REFUNDED : Mail.Refund.UNDER_WAY;
    }

    private Optional<EmailAddress> emailOf(String accountId) {
        return accounts.find(AccountId.parse(accountId)).flatMap(Account::email);
    }

    /** What the mail is about, for the audit log: its order, its request, or its alarm's subject. */
    private static Subject subjectOf(MailKind kind, String subjectId) {
        return switch (kind) {
            case ORDER_CONFIRMED, HEADSHOTS_READY, ORDER_FAILED, CONSENT_RENEWAL_LAPSED ->
                Subject.of("order", subjectId);
            case REQUEST_RECEIVED, REQUEST_COMPLETED, REQUEST_EXTENDED, REQUEST_REFUSED, LEGAL_HOLD_PLACED ->
                Subject.of("privacy_request", subjectId);
            case ALARM -> AlarmMail.decode(subjectId).alarm().subject();
        };
    }
}
