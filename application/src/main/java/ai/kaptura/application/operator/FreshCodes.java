package ai.kaptura.application.operator;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.CodeRefusals;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.operator.DeskAction;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.domain.signin.SignInChallenge.Attempt;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
import ai.kaptura.ports.in.OperatorDesk.Act;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * The fresh code of a destructive operator action (R50): mailed to the operator's own address on request, spent by the
 * one action it confirms, in that action's transaction; a wrong one counts as a wrong try, as any code's does (R47).
 */
@Implements({Rule.R47, Rule.R50})
record FreshCodes(
        Accounts accounts,
        SignInChallenges challenges,
        Mailer mailer,
        Transactions tx,
        AuditTrail audit,
        Randomness random,
        IdSupplier ids,
        InstantSource clock) {

    void send(AccountId operator) {
        Instant now = clock.instant();
        Optional<Mail> mail = tx.inTransaction(() -> {
            Optional<EmailAddress> email = accounts.find(operator).flatMap(Account::email);
            if (email.isEmpty()
                    || challenges.countIssuedSince(email.get(), now.minus(SignInService.RATE_WINDOW))
                            >= SignInService.MAX_CODES_PER_WINDOW) {
                return Optional.empty();
            }
            String code = random.digits(SignInChallenge.CODE_DIGITS);
            UUID id = ids.next();
            challenges.save(SignInChallenge.operatorConfirmation(id, operator, email.get(), code, now));
            audit.record(
                    OperatorSignInService.operator(operator),
                    AuditAction.OPERATOR_CODE_SENT,
                    Subject.of("sign_in", id),
                    Rule.R50);
            return Optional.<Mail>of(new Mail.OperatorCode(email.get(), "operator-confirm:" + id, code, true));
        });
        mail.ifPresent(mailer::send);
    }

    /**
     * R50: a destructive action needs the operator's latest fresh code, typed now; the code is spent by the action
     * (in its transaction), and a wrong one counts as a wrong try, as any code's does (R47).
     */
    Optional<Rejection> confirm(Act act, DeskAction action, Instant now) {
        if (!action.destructive()) {
            return Optional.empty();
        }
        String code = act.freshCode().map(String::strip).orElse("");
        if (code.isEmpty()) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.FRESH_CODE_REQUIRED,
                    "This action cannot be undone: ask for a fresh code (it is emailed to you) and type it with the"
                            + " action"));
        }
        Optional<AccountId> operator = Optional.of(act.operator());
        Optional<SignInChallenge> challenge = accounts.find(act.operator())
                .flatMap(Account::email)
                .flatMap(email -> challenges.latestFor(email, Purpose.OPERATOR_CONFIRM, operator));
        if (challenge.isEmpty()) {
            return Optional.of(invalid("No fresh code was sent to you; ask for one"));
        }
        Attempt attempt = challenge.get().tryCode(code, Purpose.OPERATOR_CONFIRM, operator, now);
        return switch (attempt) {
            case Attempt.Accepted accepted ->
                challenges.markUsed(challenge.get().id(), now)
                        ? Optional.empty()
                        : Optional.of(invalid(CodeRefusals.usedOrBurnt().detail()));
            case Attempt.Wrong wrong ->
                Optional.of(invalid(CodeRefusals.wrongTry(challenges, challenge.get(), "That fresh code is not right")
                        .detail()));
            case Attempt.Expired expired ->
                Optional.of(invalid(CodeRefusals.expired().detail()));
            case Attempt.Exhausted exhausted ->
                Optional.of(invalid(CodeRefusals.exhausted().detail()));
            case Attempt.Spent spent -> Optional.of(invalid(CodeRefusals.spent().detail()));
            case Attempt.OtherBrowser other ->
                Optional.of(invalid(CodeRefusals.usedOrBurnt().detail()));
        };
    }

    private static Rejection invalid(String detail) {
        return Rejection.of(Rejection.Reason.FRESH_CODE_INVALID, detail);
    }
}
