package ai.kaptura.domain.rule;

import java.time.Duration;
import java.time.Period;

/**
 * Every number that depends on a law or a published promise, in one place, named. Change a figure
 * here and the retention schedule, the deadlines and the rendered privacy page follow.
 */
public final class LegalConstants {

    private LegalConstants() {}

    /** R10: the most the selfie deletion may lag behind delivery, whatever the operator configures. */
    public static final Duration SELFIE_DELETION_MAX_MARGIN = Duration.ofHours(24);

    /** R10: a draft nobody touched for this long is abandoned and its selfies are deleted. */
    public static final Duration ABANDONED_DRAFT_AFTER = Duration.ofDays(7);

    /** R11: BIPA's absolute cap, counted from the person's last interaction. */
    public static final Period BIOMETRIC_ABSOLUTE_CAP = Period.ofYears(3);

    /** R14: the vendor's model must be gone this long after training at the latest. */
    public static final Duration VENDOR_MODEL_MAX_AGE = Duration.ofDays(30);

    /** R20: the time to answer a privacy request. */
    public static final Period REQUEST_DEADLINE = Period.ofMonths(1);

    /** R20: the one extension a request may get, on top of {@link #REQUEST_DEADLINE}. */
    public static final Period REQUEST_EXTENSION = Period.ofMonths(2);

    /** R41: no new cookie prompt for this long after a choice, unless the banner version changed. */
    public static final Period COOKIE_CHOICE_VALIDITY = Period.ofMonths(6);

    /**
     * R9: a paid order held for renewed consent after a material policy change is announced to the person at once and
     * again this long after the hold began, if it still waits.
     */
    public static final Duration CONSENT_RENEWAL_REMINDER_AFTER = Duration.ofDays(7);

    /**
     * R9, R10: a paid order still waiting for renewed consent this long after the hold began is cancelled and
     * refunded, and its selfies are deleted: the purpose ended without headshots.
     */
    public static final Duration CONSENT_RENEWAL_WINDOW = Duration.ofDays(14);

    /** R42: an account flagged as a minor is erased within this time, vendors included. */
    public static final Duration MINOR_ERASURE_WITHIN = Duration.ofHours(72);

    /** R4, R10: the number of selfies an order needs before checkout. */
    public static final int MIN_SELFIES = 8;

    /** R4, R10: the most selfies an order may hold. */
    public static final int MAX_SELFIES = 20;

    /** R42: the age a person attests to before sign-up and checkout. */
    public static final int MINIMUM_AGE = 18;

    /**
     * R12, R47: the longest window a rate limit counts attempts in. A counter is deleted once its window
     * lapses, so none outlives the last attempt it counts by more than this.
     */
    public static final Duration RATE_LIMIT_LONGEST_WINDOW = Duration.ofDays(1);

    /**
     * R48: the longest wait between two tries of a job that deletes, erases or refunds. Such a job never gives up;
     * its backoff grows up to this and stays there until the work is done.
     */
    public static final Duration RETRY_AT_LEAST_EVERY = Duration.ofHours(1);

    /** R49: a privacy request raises its alarm this long before it is due (and stays raised once overdue). */
    public static final Duration REQUEST_DUE_ALARM_AHEAD = Duration.ofDays(5);

    /** R49: a paid order that stays in one stage (paid, training, generating) this long raises an alarm. */
    public static final Duration PAID_ORDER_STALLED_AFTER = Duration.ofHours(1);

    /** R49: selfies still in our vault this long after they were due for deletion raise an alarm. */
    public static final Duration SELFIES_PAST_DUE_AFTER = Duration.ofHours(1);

    /**
     * R49: a job that failed this many times in a row raises an alarm; with the standard backoff (10 s, doubling)
     * that is about an hour and a half of failures.
     */
    public static final int JOB_FAILURES_BEFORE_ALARM = 10;

    /** R49: an alarm that lasts is mailed to the controller's contact again after this long, not before. */
    public static final Duration ALARM_MAIL_EVERY = Duration.ofHours(24);
}
