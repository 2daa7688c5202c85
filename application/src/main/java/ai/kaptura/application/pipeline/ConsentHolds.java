package ai.kaptura.application.pipeline;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequest.ConsentHoldStep;
import ai.kaptura.application.common.JobRequest.ConsentHoldStep.Step;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.consent.ConsentHold;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.ProcessedEvents;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * R9: what happens to a paid order held for renewed consent after a policy version material for biometrics took
 * effect ({@link ConsentHold}). When processing is first refused for it under a version, the hold begins, once per
 * order and version whichever node or restart sees it (a {@link ProcessedEvents} record, committed with the refusal),
 * and three durable jobs are scheduled with it: the person is emailed at once, reminded after
 * {@link LegalConstants#CONSENT_RENEWAL_REMINDER_AFTER}, and after {@link LegalConstants#CONSENT_RENEWAL_WINDOW} an order
 * still waiting is cancelled: refunded, its selfies and vendor model deleted as for any cancelled order (R10, R14), the
 * person told why, the cancellation audited under R9.
 *
 * <p>Each job acts only if the order still waits on the version it was scheduled for, so renewing (or a withdrawal, an
 * erasure, a delivery) makes the rest do nothing. If the order waits on a newer material version instead, that version
 * begins a hold of its own, with a new notice and a new window. Every step is idempotent: a job run twice sends one
 * mail (the mailers keep each idempotency key once) and cancels once.
 *
 * <p>Which limit applies when: a hold is the person's time and follows this window at both stages that wait for
 * consent (paid, before the selfies go to the vendor; generating, before headshots are asked of the trained model). The
 * 24 hours of {@link OverdueCallbacks} are the vendor's: a stage the vendor does not finish within them, counted from
 * when the stage began or consent was last renewed, fails the order.
 *
 * @param mailer the registered mailer (R33)
 */
@Implements(Rule.R9)
public record ConsentHolds(
        OrderBook book,
        PolicyVersions policies,
        ProcessedEvents processed,
        RetentionConsequences consequences,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        Mailer mailer,
        InstantSource clock,
        Settings settings) {

    /** The {@link ProcessedEvents} source under which each hold's beginning is recorded once. */
    static final String SOURCE = "consent-hold";

    /** The material version {@code order} waits on for renewed consent now, if it waits for that. */
    public Optional<NoticeVersion> awaitedRenewal(Order order) {
        return ConsentHold.awaitedRenewal(
                book.account(order.account()), order, book.consent(order), policies.history(), clock.instant());
    }

    /**
     * Begins the hold of {@code orderId} if it waits for renewed consent and no hold for the version it waits on has begun:
     * schedules the notice, the reminder and the cancellation. Call it inside the transaction that records the refusal;
     * calling it again, on any node, does nothing more. Answers the hold it began.
     */
    public Optional<ConsentHold> begin(OrderId orderId) {
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            Optional<Order> order = book.find(orderId);
            Optional<NoticeVersion> awaited = order.flatMap(this::awaitedRenewal);
            if (awaited.isEmpty() || !processed.firstTime(SOURCE, orderId + ":" + awaited.get(), now)) {
                return Optional.empty();
            }
            for (Step step : Step.values()) {
                jobs.enqueue(JobRequests.consentHold(new ConsentHoldStep(orderId, awaited.get(), now, step)));
            }
            return Optional.of(new ConsentHold(orderId, awaited.get(), now));
        });
    }

    /** Runs one step of a hold: the durable job's handler. */
    public void follow(ConsentHoldStep step) {
        Optional<Order> order = book.find(step.order());
        if (order.isEmpty()) {
            return;
        }
        Optional<NoticeVersion> awaited = awaitedRenewal(order.get());
        if (awaited.isEmpty()) {
            return; // renewed, withdrawn, erased, delivered or ended: nothing to tell, nothing to cancel
        }
        if (!awaited.get().equals(step.policy())) {
            begin(step.order()); // a newer material version holds the order now: its own notice and window
            return;
        }
        switch (step.step()) {
            case NOTIFY -> tell(order.get(), step, Mail.Round.FIRST);
            case REMIND -> tell(order.get(), step, Mail.Round.REMINDER);
            case CANCEL -> cancel(step);
        }
    }

    private void tell(Order order, ConsentHoldStep step, Mail.Round round) {
        Account account = book.account(order.account());
        Optional<EmailAddress> to = account.email();
        if (to.isEmpty()) {
            return;
        }
        String whatChanged = policies.history()
                .find(step.policy())
                .map(PolicyVersion::summaryOfChanges)
                .orElse("the privacy policy, version " + step.policy());
        Instant renewBy = new ConsentHold(step.order(), step.policy(), step.since()).cancelAt();
        mailer.send(new Mail.ConsentRenewalNeeded(
                to.get(),
                "consent-hold:" + step.step() + ":" + step.order() + ":" + step.policy(),
                order.id(),
                settings.url("/orders/" + order.id()),
                whatChanged,
                renewBy,
                round));
        tx.run(() -> audit.record(
                Actor.SYSTEM,
                AuditAction.EMAIL_SENT,
                Subject.of("order", order.id()),
                Rule.R9,
                Map.of(
                        "kind",
                        "consent_renewal_" + round.name().toLowerCase(Locale.ROOT),
                        "policy_version",
                        step.policy(),
                        "renew_by",
                        renewBy)));
    }

    private void cancel(ConsentHoldStep step) {
        Instant now = clock.instant();
        Retry.onConflict(() -> tx.inTransaction(() -> {
            Order current = book.require(step.order());
            if (!awaitedRenewal(current).filter(step.policy()::equals).isPresent()) {
                return current; // renewed or stopped while this ran
            }
            Order cancelled = consequences.saveTransition(
                    current.cancel(
                            "consent not renewed within " + LegalConstants.CONSENT_RENEWAL_WINDOW.toDays()
                                    + " days of policy version " + step.policy(),
                            now),
                    now);
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.ORDER_CANCELLED,
                    Subject.of("order", cancelled.id()),
                    Rule.R9,
                    Map.of(
                            "reason",
                            "consent-not-renewed",
                            "policy_version",
                            step.policy(),
                            "held_since",
                            step.since()));
            jobs.enqueue(JobRequests.email(
                    JobRequests.MailKind.CONSENT_RENEWAL_LAPSED, cancelled.id().toString(), now));
            return cancelled;
        }));
    }
}
