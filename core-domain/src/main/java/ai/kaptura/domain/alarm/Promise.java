package ai.kaptura.domain.alarm;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Locale;

/**
 * The promises whose risk raises an alarm (R49): a closed set, each with the rule it keeps, what is at risk, and
 * what the operator should do about it. {@link AtRisk} decides when each one is.
 */
@Implements(Rule.R49)
public enum Promise {
    MODEL_NOT_DELETED(
            Rule.R14,
            "a vendor model is not confirmed deleted 30 days after training",
            "Delete the model at the AI vendor (its id is in the order's audit trail) and make sure the vendor answers that it is"
                    + " gone; the deletion job keeps asking at least every hour. If the vendor refuses, escalate under its data"
                    + " processing agreement."),
    REQUEST_DUE(
            Rule.R20,
            "a privacy request is due within 5 days, or overdue",
            "Answer the request (complete it, or refuse it with reasons and the right to complain), or extend it once, with a"
                    + " reason, while its first month runs."),
    MINOR_NOT_ERASED(
            Rule.R42,
            "a minor's account is not erased 72 hours after it was flagged",
            "See what the erasure waits for (its checklist: a vendor deletion, a processor, the photo store) and finish it;"
                    + " the erasure job keeps trying at least every hour."),
    JOB_FAILING(
            Rule.R48,
            "a durable job keeps failing",
            "Read the job's last error in the logs: a vendor or processor that cannot be reached, a setting, or a bug. Deletions,"
                    + " erasures and refunds keep being retried at least every hour; other jobs give up after 20 retries."),
    JOB_DEAD(
            Rule.R48,
            "a durable job gave up",
            "Find why the job failed (its last error is kept with it in dead_jobs), fix the cause, and schedule the job again."),
    ORDER_STALLED(
            Rule.R49,
            "a paid order has not moved for an hour",
            "See the order's audit trail: it may wait for renewed consent, for an AI vendor that does not answer, or for a job"
                    + " that fails. An order still training or generating after 24 hours fails and is refunded."),
    SELFIES_PAST_DUE(
            Rule.R10,
            "selfies are still in our storage an hour after they were due for deletion",
            "Check that the retention sweep runs and that the selfie deletion jobs succeed (the photo store must be"
                    + " reachable); each deletion is retried at least every hour."),
    MAIL_QUOTA_REACHED(
            Rule.R49,
            "the email processor refuses mail: its daily or monthly sending quota is reached",
            "Raise the quota at the email processor (its plan), or wait for the quota to reset. Mail is not lost: each"
                    + " message waits and is handed over again when the processor may take it (an hour later for a daily"
                    + " quota, six hours for a monthly one); sign-in codes asked for meanwhile cannot be sent."),
    MAIL_DELIVERY_UNSURE(
            Rule.R49,
            "an email may not have been delivered: the processor's answer does not say whether it was sent",
            "Look the message up in the email processor's logs by its idempotency key (for Resend, the alarm's subject is the"
                    + " Idempotency-Key that was sent). It is not counted as sent and is sent again under the same key once"
                    + " the processor has forgotten it (24 hours for Resend); if the first one was delivered, the person gets it"
                    + " twice, which is better than never.");

    private final Rule rule;
    private final String risk;
    private final String whatToDo;

    Promise(Rule rule, String risk, String whatToDo) {
        this.rule = rule;
        this.risk = risk;
        this.whatToDo = whatToDo;
    }

    /** The rule whose promise is at risk. */
    public Rule rule() {
        return rule;
    }

    /** What is at risk, as a clause: "a vendor model is not confirmed deleted 30 days after training". */
    public String risk() {
        return risk;
    }

    /** What the operator should do about it. */
    public String whatToDo() {
        return whatToDo;
    }

    /** The promise's name in metrics and logs: {@code model_not_deleted}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
