package ai.kaptura.application.signin;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.CodeRefusals;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.domain.signin.SignInChallenge.Attempt;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Passwordless sign-in by email. The answer to "send me a code" never reveals whether an account exists;
 * codes and link tokens are stored hashed, serve sign-in only, are used once, last 15 minutes and burn after
 * 5 wrong tries counted by the database itself (R47). At most {@link #MAX_CODES_PER_WINDOW} codes of any
 * purpose go to one address per {@link #RATE_WINDOW}, whichever node is asked: 5 codes of 5 tries is 25
 * guesses an hour at a 6-digit code.
 */
@Implements({Rule.R42, Rule.R47})
public record SignInService(
        Accounts accounts,
        SignInChallenges challenges,
        Sessions sessions,
        Mailer mailer,
        Transactions tx,
        AuditTrail audit,
        Randomness random,
        IdSupplier ids,
        InstantSource clock,
        Settings settings,
        PolicyVersions policies)
        implements SignIn {

    /** At most this many codes (of any purpose) per address per {@link #RATE_WINDOW}; beyond, nothing is sent (same answer). */
    public static final int MAX_CODES_PER_WINDOW = 5;

    public static final Duration RATE_WINDOW = Duration.ofHours(1);

    private static final Optional<AccountId> NO_ACCOUNT = Optional.empty();

    @Override
    public Started start(Start command) {
        Instant now = clock.instant();
        EmailAddress email = command.email();
        Optional<Mail.SignInCode> mail = tx.inTransaction(() -> {
            if (challenges.countIssuedSince(email, now.minus(RATE_WINDOW)) >= MAX_CODES_PER_WINDOW) {
                return Optional.empty();
            }
            String code = random.digits(SignInChallenge.CODE_DIGITS);
            String secret = random.token(32);
            UUID id = ids.next();
            challenges.save(SignInChallenge.signIn(id, email, code, secret, command.browser(), now));
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.SIGN_IN_CODE_SENT,
                    Subject.of("sign_in", id),
                    Rule.R47,
                    Map.of(
                            "purpose",
                            Purpose.SIGN_IN,
                            "browser_bound",
                            command.browser().isPresent()));
            String link = settings.url("/auth/link?token=" + id + "." + secret);
            return Optional.of(new Mail.SignInCode(email, "sign-in:" + id, code, link));
        });
        // Sent after commit: a mail provider is never called inside a transaction.
        mail.ifPresent(mailer::send);
        return new Started.CodeSent();
    }

    @Override
    public Verified verify(VerifyCode command) {
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            Optional<SignInChallenge> challenge = challenges.latestFor(command.email(), Purpose.SIGN_IN, NO_ACCOUNT);
            if (challenge.isEmpty()) {
                return refused(Rejection.Reason.SIGN_IN_CODE_INVALID, "That code is not valid; ask for a new one");
            }
            return conclude(
                    challenge.get(), challenge.get().tryCode(command.code(), Purpose.SIGN_IN, NO_ACCOUNT, now), now);
        });
    }

    @Override
    public Verified follow(FollowLink command) {
        Instant now = clock.instant();
        String token = command.token() == null ? "" : command.token();
        int dot = token.indexOf('.');
        Optional<UUID> id = dot > 0 ? parse(token.substring(0, dot)) : Optional.empty();
        if (id.isEmpty()) {
            return refused(Rejection.Reason.SIGN_IN_CODE_INVALID, "That sign-in link is not valid; ask for a new one");
        }
        String secret = token.substring(dot + 1);
        return tx.inTransaction(() -> challenges
                .find(id.get())
                .map(c -> conclude(c, c.tryLink(secret, command.browser(), now), now))
                .orElseGet(() -> refused(
                        Rejection.Reason.SIGN_IN_CODE_INVALID, "That sign-in link is not valid; ask for a new one")));
    }

    /**
     * Turns a try into its answer. The try was decided on the challenge as read; what it changes is written by the
     * store atomically: a right code signs in only if this try is the one that marks it used, and a wrong one is
     * counted by the database, which says how many tries are left.
     */
    private Verified conclude(SignInChallenge challenge, Attempt attempt, Instant now) {
        return switch (attempt) {
            case Attempt.Accepted accepted ->
                challenges.markUsed(challenge.id(), now)
                        ? signIn(challenge.email(), now)
                        : refused(CodeRefusals.usedOrBurnt());
            case Attempt.Wrong wrong -> refused(CodeRefusals.wrongTry(challenges, challenge, "That code is not right"));
            case Attempt.Expired expired -> refused(CodeRefusals.expired());
            case Attempt.Exhausted exhausted -> refused(CodeRefusals.exhausted());
            case Attempt.Spent spent -> refused(CodeRefusals.spent());
            case Attempt.OtherBrowser other ->
                refused(
                        Rejection.Reason.SIGN_IN_OTHER_BROWSER,
                        "This sign-in link works only in the browser where the code was asked for. Open it there, or type the "
                                + "6-digit code from the same email, or ask for a new code here");
        };
    }

    private Verified signIn(EmailAddress email, Instant now) {
        Optional<Account> existing = accounts.findByEmail(email);
        Account account = existing.orElseGet(() -> Account.open(new AccountId(ids.next()), email, now));
        if (existing.isEmpty()) {
            audit.record(
                    Actor.person(account.id()),
                    AuditAction.ACCOUNT_OPENED,
                    Subject.of("account", account.id()),
                    Rule.R16);
        }
        account = accounts.save(account.touch(now));
        String token = random.token(32);
        sessions.save(Session.start(token, account.id(), now));
        audit.record(Actor.person(account.id()), AuditAction.SIGNED_IN, Subject.of("account", account.id()), Rule.R46);
        return new Verified.SignedIn(account.id(), token, existing.isEmpty());
    }

    @Override
    public Optional<AccountId> authenticate(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // Most requests only read: a session is written when it ends or when its recorded use is a minute old.
        Optional<Session> session = sessions.find(Session.hashOf(sessionToken));
        if (session.isEmpty() || session.get().role() != Session.Role.PERSON) {
            return Optional.empty(); // an operator's session never opens a person's pages (R50)
        }
        if (!session.get().isValid(now)) {
            tx.run(() -> sessions.delete(session.get().tokenHash()));
            return Optional.empty();
        }
        if (session.get().staleAt(now)) {
            tx.run(() -> sessions.save(session.get().seen(now)));
        }
        return Optional.of(session.get().account());
    }

    @Override
    public void signOut(String sessionToken) {
        if (sessionToken != null && !sessionToken.isBlank()) {
            tx.run(() -> sessions.delete(Session.hashOf(sessionToken)));
        }
    }

    @Override
    public int signOutEverywhere(AccountId account) {
        return tx.inTransaction(() -> {
            int ended = sessions.deleteAllOf(account);
            audit.sessionsEnded(account, ended, "sign-out everywhere");
            return ended;
        });
    }

    private static Verified refused(Rejection.Reason reason, String detail) {
        return refused(Rejection.of(reason, detail));
    }

    private static Verified refused(Rejection rejection) {
        return new Verified.Refused(rejection);
    }

    private static Optional<UUID> parse(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Rejection> stateAdult(AccountId account, NoticeVersion shown, boolean adult) {
        Instant now = clock.instant();
        if (!adult) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.ADULT_ATTESTATION_MISSING,
                    "Kaptura is for adults only: selfies can be uploaded only by someone who is 18 or older"));
        }
        Optional<PolicyVersion> inForce = policies.history().currentAt(now);
        if (inForce.isEmpty() || !inForce.get().version().equals(shown)) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.NOTICE_VERSION_OUTDATED,
                    "The page showed notice version " + shown + " but "
                            + inForce.map(v -> v.version().toString()).orElse("none")
                            + " is in force; reload the page and read the current text"));
        }
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Account current = accounts.find(account).orElseThrow();
            if (current.hasStatedAdult()) {
                return Optional.<Rejection>empty(); // said once is enough; saying it again changes nothing
            }
            if (!current.mayProcess()) {
                return Optional.of(Rejection.of(
                        Rejection.Reason.ACCOUNT_RESTRICTED,
                        "Processing is stopped for this account (" + current.status() + ")"));
            }
            accounts.save(current.attest(new AgeAttestation(shown, AgeAttestation.Where.SIGN_UP, now))
                    .touch(now));
            audit.record(
                    Actor.person(account),
                    AuditAction.AGE_ATTESTED,
                    Subject.of("account", account),
                    Rule.R42,
                    Map.of("text_version", shown, "where", AgeAttestation.Where.SIGN_UP));
            return Optional.<Rejection>empty();
        }));
    }

    @Override
    public boolean hasStatedAdult(AccountId account) {
        return accounts.find(account).map(Account::hasStatedAdult).orElse(false);
    }
}
