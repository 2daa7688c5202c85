package ai.kaptura.application.operator;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.CodeRefusals;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.operator.OperatorRoster;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.domain.signin.SignInChallenge.Attempt;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
import ai.kaptura.ports.in.OperatorSignIn;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator's sign-in (R50): a code by email to a listed address only, typed on the desk's page, for a session of
 * the operator's role ({@link Session#OPERATOR_ABSOLUTE}). The codes are guarded like every code (R47): hashed, one
 * purpose, used once, 15 minutes, 5 tries, and the same limit per address as a person's codes. The operator is known
 * in the audit log by an account id, never by the address.
 */
@Implements({Rule.R47, Rule.R50})
public record OperatorSignInService(
        OperatorRoster roster,
        Accounts accounts,
        SignInChallenges challenges,
        Sessions sessions,
        Mailer mailer,
        Transactions tx,
        AuditTrail audit,
        Randomness random,
        IdSupplier ids,
        InstantSource clock)
        implements OperatorSignIn {

    private static final Optional<AccountId> NO_ACCOUNT = Optional.empty();

    @Override
    public SignIn.Started start(EmailAddress email) {
        if (!roster.lists(email)) {
            return new SignIn.Started.CodeSent(); // the same answer: nobody learns who runs Kaptura
        }
        Instant now = clock.instant();
        Optional<Mail> mail = tx.inTransaction(() -> {
            if (challenges.countIssuedSince(email, now.minus(SignInService.RATE_WINDOW))
                    >= SignInService.MAX_CODES_PER_WINDOW) {
                return Optional.empty();
            }
            String code = random.digits(SignInChallenge.CODE_DIGITS);
            UUID id = ids.next();
            challenges.save(SignInChallenge.operatorSignIn(id, email, code, now));
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.SIGN_IN_CODE_SENT,
                    Subject.of("sign_in", id),
                    Rule.R50,
                    Map.of("purpose", Purpose.OPERATOR_SIGN_IN));
            return Optional.<Mail>of(new Mail.OperatorCode(email, "operator-sign-in:" + id, code, false));
        });
        mail.ifPresent(mailer::send);
        return new SignIn.Started.CodeSent();
    }

    @Override
    public SignIn.Verified verify(SignIn.VerifyCode command) {
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            Optional<SignInChallenge> challenge =
                    challenges.latestFor(command.email(), Purpose.OPERATOR_SIGN_IN, NO_ACCOUNT);
            if (challenge.isEmpty() || !roster.lists(command.email())) {
                return refused(Rejection.of(
                        Rejection.Reason.SIGN_IN_CODE_INVALID, "That code is not valid; ask for a new one"));
            }
            Attempt attempt = challenge.get().tryCode(command.code(), Purpose.OPERATOR_SIGN_IN, NO_ACCOUNT, now);
            return switch (attempt) {
                case Attempt.Accepted accepted ->
                    challenges.markUsed(challenge.get().id(), now)
                            ? signIn(command.email(), now)
                            : refused(CodeRefusals.usedOrBurnt());
                case Attempt.Wrong wrong ->
                    refused(CodeRefusals.wrongTry(challenges, challenge.get(), "That code is not right"));
                case Attempt.Expired expired -> refused(CodeRefusals.expired());
                case Attempt.Exhausted exhausted -> refused(CodeRefusals.exhausted());
                case Attempt.Spent spent -> refused(CodeRefusals.spent());
                case Attempt.OtherBrowser other -> refused(CodeRefusals.usedOrBurnt());
            };
        });
    }

    private SignIn.Verified signIn(EmailAddress email, Instant now) {
        Optional<Account> existing = accounts.findByEmail(email);
        Account account = existing.orElseGet(() -> Account.open(new AccountId(ids.next()), email, now));
        if (existing.isEmpty()) {
            audit.record(Actor.SYSTEM, AuditAction.ACCOUNT_OPENED, Subject.of("account", account.id()), Rule.R50);
        }
        Account saved = accounts.save(account.touch(now));
        String token = random.token(32);
        sessions.save(Session.startOperator(token, saved.id(), now));
        audit.record(
                operator(saved.id()),
                AuditAction.OPERATOR_SIGNED_IN,
                Subject.of("account", saved.id()),
                Rule.R50,
                Map.of("session_ends_at", now.plus(Session.OPERATOR_ABSOLUTE)));
        return new SignIn.Verified.SignedIn(saved.id(), token, existing.isEmpty());
    }

    @Override
    public Optional<AccountId> authenticate(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Session> session = sessions.find(Session.hashOf(sessionToken));
        if (session.isEmpty() || session.get().role() != Session.Role.OPERATOR) {
            return Optional.empty();
        }
        if (!session.get().isValid(now)) {
            tx.run(() -> sessions.delete(session.get().tokenHash()));
            return Optional.empty();
        }
        // An address taken off the list loses the desk at once, whatever its session says.
        boolean listed = accounts.find(session.get().account())
                .flatMap(Account::email)
                .filter(roster::lists)
                .isPresent();
        return listed ? Optional.of(session.get().account()) : Optional.empty();
    }

    @Override
    public void signOut(String sessionToken) {
        if (sessionToken != null && !sessionToken.isBlank()) {
            tx.run(() -> sessions.delete(Session.hashOf(sessionToken)));
        }
    }

    /** An operator as the audit log names them: by account id (R50). */
    public static Actor operator(AccountId account) {
        return new Actor(Actor.Kind.OPERATOR, account.toString());
    }

    private static SignIn.Verified refused(Rejection why) {
        return new SignIn.Verified.Refused(why);
    }
}
