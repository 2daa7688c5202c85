package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the people who run Kaptura see and do (R50): the promises at risk, the jobs in trouble, every privacy request,
 * the minors' erasures and the processors. Every action is taken by a signed-in operator, with a reason, and audited
 * with the operator's pseudonymous id; a destructive one (see {@code DeskAction}) also needs a fresh code that
 * {@link #sendFreshCode} mailed to the operator.
 */
@Implements({Rule.R11, Rule.R20, Rule.R21, Rule.R42, Rule.R49, Rule.R50})
public interface OperatorDesk {

    /**
     * Who acts and why: the operator (an account id, their pseudonymous id in the audit log), the reason they give,
     * and the fresh code they typed, when the action is destructive.
     */
    record Act(AccountId operator, String reason, Optional<String> freshCode) {
        public Act {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(freshCode, "fresh code");
        }
    }

    sealed interface Outcome {
        /** Done: what it was done to (a pseudonymous id) and what happened, in a sentence. */
        record Done(String subject, String detail) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    /** Mails a fresh code to the operator's own address: it confirms one destructive action within 15 minutes. */
    void sendFreshCode(AccountId operator);

    /** The promises at risk (R49), the newest first; each promise says what to do. */
    List<Alarm> alarms();

    /** Failing and dead jobs, with their attempts and last error, the longest failing first. */
    List<JobTrouble> jobs();

    /** Runs a failing or dead job now. Retrying an erasure is destructive (a fresh code). */
    Outcome retryJob(Act act, JobKind kind, String key);

    /** A privacy request as the desk lists it: overdue and due within 5 days come first (R20). */
    record RequestLine(PrivacyRequest request, Instant dueBy, boolean overdue, boolean dueSoon) {}

    /** Every request: the open ones, overdue and due soon first, then the closed ones, newest first. */
    List<RequestLine> requests(int limit);

    /** The erasure's per-location evidence and everything else about one request (R27). */
    Optional<PrivacyRequest> request(PrivacyRequestId id);

    /**
     * Logs a request that arrived by email or post for the person with account address {@code person}: received on the
     * day it arrived (R20, its due day follows from that day), and the person is sent the usual confirmation. An
     * erasure starts like one asked for on the privacy page.
     */
    Outcome recordRequest(Act act, EmailAddress person, RequestKind kind, Channel channel, LocalDate receivedOn);

    /**
     * Closes a request that is not an erasure as answered, after the operator answered it on its channel (R24); the
     * person is told. An erasure closes only by its job, with evidence from every location (R27).
     */
    Outcome complete(Act act, PrivacyRequestId id);

    /** The one extension, within the first month, with the act's reason, which the person is told (R20). */
    Outcome extend(Act act, PrivacyRequestId id);

    /** A refusal with the act's reason and the complaint authority, which the person is told (R21). Destructive. */
    Outcome refuse(Act act, PrivacyRequestId id);

    /** Flags the account of {@code person} as a minor's: processing stops, erasure within 72 hours (R42). Destructive. */
    Outcome flagMinor(Act act, EmailAddress person, MinorFlag.Source source);

    /** A minor's account as the desk tracks it: flagged when, erased by when, and whether the erasure closed. */
    record MinorCase(AccountId account, Instant flaggedAt, Instant erasureDeadline, boolean erased, boolean late) {}

    /** The accounts flagged as minors', the most recent first. */
    List<MinorCase> minors();

    /**
     * Places a legal hold on the account of {@code person}, on a warrant or subpoena and its reference (R11): what it
     * keeps is kept whatever would delete it, and the person under erasure is told what and why.
     */
    Outcome placeHold(Act act, EmailAddress person, LegalHold.Basis basis, String reference);

    /** Lifts the hold on {@code account}: what it kept becomes due for deletion (R11). Destructive. */
    Outcome liftHold(Act act, AccountId account);

    /** The holds in force, the oldest first. */
    List<AccountHold.Active> holds();

    /** The processor registry as the record of processing shows it (R35). */
    RecordOfProcessing processors();
}
