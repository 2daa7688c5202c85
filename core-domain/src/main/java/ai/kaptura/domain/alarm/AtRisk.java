package ai.kaptura.domain.alarm;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When each {@link Promise} is at risk (R49): small named functions, each with the rule it keeps. The numbers are
 * the published ones in {@link LegalConstants}.
 */
@Implements({Rule.R14, Rule.R20, Rule.R42, Rule.R48, Rule.R49, Rule.R10})
public final class AtRisk {

    private AtRisk() {}

    /** R14: the model is not confirmed deleted and its 30 days are over. */
    public static boolean modelNotDeleted(VendorModel model, Instant now) {
        return model.needsAlarm(now);
    }

    /** R20: the request is open and due within {@link LegalConstants#REQUEST_DUE_ALARM_AHEAD}, or overdue. */
    public static boolean requestDue(PrivacyRequest request, DeadlineCalendar calendar, Instant now) {
        return request.isOpen() && !now.isBefore(request.dueBy(calendar).minus(LegalConstants.REQUEST_DUE_ALARM_AHEAD));
    }

    /** R42: the account was flagged as a minor's, is not erased yet, and its 72 hours are over. */
    public static boolean minorNotErased(Account account, Instant now) {
        Optional<Instant> deadline = account.minorFlag().map(MinorFlag::erasureDeadline);
        return account.status() != AccountStatus.ERASED && deadline.isPresent() && !now.isBefore(deadline.get());
    }

    /** R48, R49: a job that failed {@link LegalConstants#JOB_FAILURES_BEFORE_ALARM} times in a row or more. */
    public static boolean jobFailing(int failuresInARow) {
        return failuresInARow >= LegalConstants.JOB_FAILURES_BEFORE_ALARM;
    }

    /** R49: a paid order whose current stage began {@link LegalConstants#PAID_ORDER_STALLED_AFTER} ago or longer. */
    public static boolean orderStalled(Instant stageBegan, Instant now) {
        return !now.isBefore(stageBegan.plus(LegalConstants.PAID_ORDER_STALLED_AFTER));
    }

    /** R10: selfies still held {@link LegalConstants#SELFIES_PAST_DUE_AFTER} or longer after they were due. */
    public static boolean selfiesPastDue(Instant dueAt, Instant now) {
        return !now.isBefore(dueAt.plus(LegalConstants.SELFIES_PAST_DUE_AFTER));
    }

    /**
     * R49: how long after a message of unsure delivery was due to be sent again its alarm is kept: long enough for its
     * job to have sent it (which ends the alarm), short enough that a message nobody will send again (its sign-in code
     * expired, its account erased) does not keep an alarm for ever.
     */
    public static final Duration MAIL_UNSURE_WATCHED_AFTER_RETRY = Duration.ofDays(1);

    /**
     * R49: an email whose delivery is unsure, to be sent again from {@code retryFrom}, is at risk until it is sent, at
     * most {@link #MAIL_UNSURE_WATCHED_AFTER_RETRY} after that.
     */
    public static boolean mailDeliveryUnsure(Instant retryFrom, Instant now) {
        return now.isBefore(retryFrom.plus(MAIL_UNSURE_WATCHED_AFTER_RETRY));
    }

    /** The latest instant a paid order's stage may have begun without being stalled at {@code now}. */
    public static Instant stalledIfBegunBy(Instant now) {
        return now.minus(LegalConstants.PAID_ORDER_STALLED_AFTER);
    }

    /** The latest instant selfies may have been due without being past due at {@code now}. */
    public static Instant pastDueIfDueBy(Instant now) {
        return now.minus(LegalConstants.SELFIES_PAST_DUE_AFTER);
    }

    /** The latest instant a model may have been trained (or requested) without its deletion being late at {@code now}. */
    public static Instant modelLateIfTrainedBy(Instant now) {
        return now.minus(LegalConstants.VENDOR_MODEL_MAX_AGE);
    }
}
