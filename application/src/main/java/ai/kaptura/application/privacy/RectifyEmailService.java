package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.CodeRefusals;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.domain.signin.SignInChallenge.Attempt;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rectification of the email address (R26), guarded like a sign-in because whoever holds the address holds the
 * account and its selfies (R47):
 * <ul>
 *   <li>the code is an {@link Purpose#ADDRESS_CHECK address check} of the asking account: it signs nobody in, and
 *       no sign-in code confirms a change;</li>
 *   <li>at most {@link #MAX_CHECKS_PER_ACCOUNT} checks per account per hour, and the address's own limit, shared
 *       with sign-in codes ({@link SignInService#MAX_CODES_PER_WINDOW}), so nobody can flood an address with mail;</li>
 *   <li>asking for an address another account holds answers the same as any other address, and sends nothing
 *       (no probing who uses Kaptura);</li>
 *   <li>confirming re-checks that the address is still free, tells the old address, and ends every other session
 *       of the account, so whoever else was signed in is out.</li>
 * </ul>
 * Once changed, the address is passed on to every processor that holds it (R26).
 */
@Implements({Rule.R26, Rule.R47})
public record RectifyEmailService(
        Accounts accounts,
        OrderBook book,
        SignInChallenges challenges,
        Sessions sessions,
        PrivacyRequests requests,
        Processors processors,
        Collection<String> configuredProcessors,
        Jobs jobs,
        Mailer mailer,
        Transactions tx,
        AuditTrail audit,
        Randomness random,
        IdSupplier ids,
        InstantSource clock,
        Settings settings)
        implements RectifyEmail {

    /** Address checks one account may ask for per {@link SignInService#RATE_WINDOW}. */
    public static final int MAX_CHECKS_PER_ACCOUNT = 5;

    private static final System.Logger LOG = System.getLogger(RectifyEmailService.class.getName());

    public RectifyEmailService {
        configuredProcessors = List.copyOf(configuredProcessors);
    }

    @Override
    public Outcome start(Start command) {
        Instant now = clock.instant();
        AccountId asking = command.account();
        if (book.account(asking).email().filter(command.newEmail()::equals).isPresent()) {
            return refused(Rejection.Reason.INVALID_EMAIL, "That is already this account's address");
        }
        Instant windowStart = now.minus(SignInService.RATE_WINDOW);
        record Asked(Optional<Mail> mail, Optional<Rejection> refusal) {}
        Asked asked = tx.inTransaction(() -> {
            if (challenges.countAskedBySince(asking, windowStart) >= MAX_CHECKS_PER_ACCOUNT) {
                return new Asked(
                        Optional.empty(),
                        Optional.of(Rejection.of(
                                Rejection.Reason.TOO_MANY_CODES,
                                "You asked for " + MAX_CHECKS_PER_ACCOUNT
                                        + " address codes in the last hour; wait an hour before asking again")));
            }
            boolean taken = accounts.findByEmail(command.newEmail())
                    .filter(a -> !a.id().equals(asking))
                    .isPresent();
            if (taken
                    || challenges.countIssuedSince(command.newEmail(), windowStart)
                            >= SignInService.MAX_CODES_PER_WINDOW) {
                // The same answer as for any address: whether another account holds it, or how much it was asked, stays
                // unsaid.
                return new Asked(Optional.empty(), Optional.empty());
            }
            String code = random.digits(SignInChallenge.CODE_DIGITS);
            UUID id = ids.next();
            challenges.save(SignInChallenge.addressCheck(id, asking, command.newEmail(), code, now));
            audit.record(
                    Actor.person(asking),
                    AuditAction.SIGN_IN_CODE_SENT,
                    Subject.of("sign_in", id),
                    Rule.R26,
                    Map.of("purpose", Purpose.ADDRESS_CHECK));
            return new Asked(
                    Optional.of(new Mail.VerifyNewAddress(command.newEmail(), "verify-address:" + id, code)),
                    Optional.empty());
        });
        if (asked.refusal().isPresent()) {
            return new Outcome.Refused(asked.refusal().get());
        }
        // Sent after commit: a mail provider is never called inside a transaction.
        asked.mail().ifPresent(mailer::send);
        return new Outcome.CodeSent();
    }

    /** What a confirmation answers, and the notice for the old address when the address changed. */
    private record Confirmed(Outcome outcome, Optional<Mail.AddressChanged> notice) {}

    @Override
    public Outcome confirm(Confirm command) {
        Instant now = clock.instant();
        Optional<AccountId> asking = Optional.of(command.account());
        Confirmed confirmed = Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<SignInChallenge> challenge =
                    challenges.latestFor(command.newEmail(), Purpose.ADDRESS_CHECK, asking);
            if (challenge.isEmpty()) {
                return new Confirmed(
                        refused(
                                Rejection.Reason.SIGN_IN_CODE_INVALID,
                                "No code was sent for that address; ask for one first"),
                        Optional.empty());
            }
            SignInChallenge check = challenge.get();
            Optional<Outcome> refusal = switch (check.tryCode(command.code(), Purpose.ADDRESS_CHECK, asking, now)) {
                case Attempt.Accepted accepted ->
                    challenges.markUsed(check.id(), now)
                            ? Optional.empty()
                            : Optional.of(refused(CodeRefusals.usedOrBurnt()));
                case Attempt.Wrong wrong ->
                    Optional.of(refused(
                            CodeRefusals.wrongTry(challenges, check, "That code is not valid for the new address")));
                case Attempt.Expired expired -> Optional.of(refused(CodeRefusals.expired()));
                case Attempt.Exhausted exhausted -> Optional.of(refused(CodeRefusals.exhausted()));
                case Attempt.Spent spent -> Optional.of(refused(CodeRefusals.spent()));
                // Address checks have no link, so no browser to be in; listed for the compiler's exhaustiveness check.
                case Attempt.OtherBrowser other ->
                    Optional.of(refused(Rejection.Reason.SIGN_IN_CODE_INVALID, "That code is not valid here"));
            };
            if (refusal.isPresent()) {
                return new Confirmed(refusal.get(), Optional.empty());
            }
            return change(command, check, now);
        }));
        confirmed.notice().ifPresent(notice -> announce(command.account(), notice));
        return confirmed.outcome();
    }

    /** The code was right and is now used: change the address, unless another account took it meanwhile. */
    private Confirmed change(Confirm command, SignInChallenge check, Instant now) {
        if (accounts.findByEmail(command.newEmail())
                .filter(a -> !a.id().equals(command.account()))
                .isPresent()) {
            return new Confirmed(
                    refused(
                            Rejection.Reason.INVALID_EMAIL,
                            "That address now belongs to another Kaptura account, so it cannot be moved to this one"),
                    Optional.empty());
        }
        Account before = book.account(command.account());
        Account changed = accounts.save(before.changeEmail(command.newEmail(), now));
        AnsweredRequests.record(requests, ids, settings, changed.id(), RequestKind.RECTIFICATION, now);
        audit.record(
                Actor.person(changed.id()), AuditAction.EMAIL_RECTIFIED, Subject.of("account", changed.id()), Rule.R26);
        int ended = sessions.deleteAllOfExcept(changed.id(), Session.hashOf(command.sessionToken()));
        audit.sessionsEnded(changed.id(), ended, "address changed");
        for (Processor processor : processors.registry().holding(DataCategory.ACCOUNT, configuredProcessors)) {
            jobs.enqueue(JobRequests.propagateRectification(changed.id(), processor.name(), now));
        }
        Optional<Mail.AddressChanged> notice = before.email()
                .map(old -> new Mail.AddressChanged(
                        old,
                        "address-changed:" + check.id(),
                        command.newEmail().masked(),
                        settings.controller().contact()));
        return new Confirmed(new Outcome.Changed(command.newEmail(), ended), notice);
    }

    /**
     * Tells the old address, after commit. The old address is no longer stored anywhere, so this is its one use; if
     * the mail provider fails now, the change stands and the failure is logged (without the address).
     */
    private void announce(AccountId account, Mail.AddressChanged notice) {
        try {
            mailer.send(notice);
            tx.run(() -> audit.record(
                    Actor.SYSTEM, AuditAction.ADDRESS_CHANGE_ANNOUNCED, Subject.of("account", account), Rule.R47));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The old address of account " + account + " could not be told of its change: "
                            + e.getClass().getSimpleName());
        }
    }

    private static Outcome refused(Rejection.Reason reason, String detail) {
        return refused(Rejection.of(reason, detail));
    }

    private static Outcome refused(Rejection rejection) {
        return new Outcome.Refused(rejection);
    }
}
