package ai.kaptura.domain.signin;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A code sent by email, kept only as salted hashes. Whoever controls an account can read its selfies, so a
 * code is guarded like them (R47): it has one {@link Purpose} and is good for nothing else, it is used once,
 * it lasts 15 minutes, and it burns after 5 wrong tries.
 *
 * <p>A sign-in challenge also carries a link token (the emailed link) and, when the browser that asked is
 * known, the hash of that browser's nonce: the link then signs in only that browser. An address check
 * carries the account whose address would change, and no link.
 *
 * <p>This record is a snapshot: deciding a try ({@link #tryCode}, {@link #tryLink}) reads it, but the store
 * counts wrong tries and marks use atomically itself (see {@code SignInChallenges}), so tries racing on
 * several nodes can never exceed {@link #MAX_ATTEMPTS} nor make a used code valid again.
 */
@Implements(Rule.R47)
public record SignInChallenge(
        UUID id,
        Purpose purpose,
        EmailAddress email,
        Optional<AccountId> account,
        Digest codeHash,
        Optional<Digest> linkHash,
        Optional<Digest> browserHash,
        Instant issuedAt,
        int failedAttempts,
        Optional<Instant> usedAt) {

    public static final Duration VALIDITY = Duration.ofMinutes(15);
    public static final int MAX_ATTEMPTS = 5;
    public static final int CODE_DIGITS = 6;

    /** What a code may be used for: exactly one thing. */
    public enum Purpose {
        /** Signing in to the account of {@link #email()} (opened if there is none). */
        SIGN_IN,
        /** Proving that the person of {@link #account()} receives mail at {@link #email()}, before their address changes (R26). */
        ADDRESS_CHECK,
        /**
         * Signing in to the operator's desk as the operator of {@link #email()}, an address listed as an operator's
         * (R50). A code only, without a link: the desk is opened by typing it.
         */
        OPERATOR_SIGN_IN,
        /**
         * The fresh code an operator of {@link #account()} types to confirm one destructive action (a refusal, a hold
         * lifted, a minor flagged, an erasure job retried, R50). A code only.
         */
        OPERATOR_CONFIRM
    }

    public SignInChallenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(codeHash, "code hash");
        Objects.requireNonNull(linkHash, "link hash");
        Objects.requireNonNull(browserHash, "browser hash");
        Objects.requireNonNull(issuedAt, "issued at");
        Objects.requireNonNull(usedAt, "used at");
        if (failedAttempts < 0 || failedAttempts > MAX_ATTEMPTS) {
            throw new DomainViolation("Failed attempts are between 0 and " + MAX_ATTEMPTS);
        }
        switch (purpose) {
            case SIGN_IN -> {
                if (account.isPresent() || linkHash.isEmpty()) {
                    throw new DomainViolation("A sign-in challenge has a link and belongs to no account yet");
                }
            }
            case ADDRESS_CHECK -> {
                if (account.isEmpty() || linkHash.isPresent() || browserHash.isPresent()) {
                    throw new DomainViolation(
                            "An address check belongs to the account changing its address and has no link");
                }
            }
            case OPERATOR_SIGN_IN -> {
                if (account.isPresent() || linkHash.isPresent() || browserHash.isPresent()) {
                    throw new DomainViolation("An operator's sign-in code has no link and belongs to no account yet");
                }
            }
            case OPERATOR_CONFIRM -> {
                if (account.isEmpty() || linkHash.isPresent() || browserHash.isPresent()) {
                    throw new DomainViolation(
                            "An operator's confirmation code belongs to the operator and has no link");
                }
            }
        }
    }

    /**
     * A new sign-in challenge for a code and link token just generated (they are never stored in clear).
     *
     * @param browser the nonce of the browser that asked, when it is known: the link then works only there
     */
    public static SignInChallenge signIn(
            UUID id, EmailAddress email, String code, String linkToken, Optional<String> browser, Instant now) {
        requireCode(code);
        requireToken(linkToken, "A sign-in link token");
        browser.ifPresent(b -> requireToken(b, "A browser nonce"));
        return new SignInChallenge(
                id,
                Purpose.SIGN_IN,
                email,
                Optional.empty(),
                hashOf(id, code),
                Optional.of(hashOf(id, linkToken)),
                browser.map(b -> hashOf(id, b)),
                now,
                0,
                Optional.empty());
    }

    /** A new check of {@code newEmail} for {@code account}, which wants to move there (R26, R47). */
    public static SignInChallenge addressCheck(
            UUID id, AccountId account, EmailAddress newEmail, String code, Instant now) {
        requireCode(code);
        Objects.requireNonNull(account, "account");
        return new SignInChallenge(
                id,
                Purpose.ADDRESS_CHECK,
                newEmail,
                Optional.of(account),
                hashOf(id, code),
                Optional.empty(),
                Optional.empty(),
                now,
                0,
                Optional.empty());
    }

    /** A new operator's sign-in code for {@code email}, which the caller found among the operators' addresses (R50). */
    public static SignInChallenge operatorSignIn(UUID id, EmailAddress email, String code, Instant now) {
        requireCode(code);
        return new SignInChallenge(
                id,
                Purpose.OPERATOR_SIGN_IN,
                email,
                Optional.empty(),
                hashOf(id, code),
                Optional.empty(),
                Optional.empty(),
                now,
                0,
                Optional.empty());
    }

    /** A new fresh code for {@code operator}, sent to {@code email}, to confirm one destructive action (R50). */
    public static SignInChallenge operatorConfirmation(
            UUID id, AccountId operator, EmailAddress email, String code, Instant now) {
        requireCode(code);
        Objects.requireNonNull(operator, "operator");
        return new SignInChallenge(
                id,
                Purpose.OPERATOR_CONFIRM,
                email,
                Optional.of(operator),
                hashOf(id, code),
                Optional.empty(),
                Optional.empty(),
                now,
                0,
                Optional.empty());
    }

    /** The salted hash a code or token is kept as. */
    public static Digest hashOf(UUID challengeId, String secret) {
        return Digest.sha256(challengeId + ":" + secret);
    }

    public Instant expiresAt() {
        return issuedAt.plus(VALIDITY);
    }

    /** Wrong tries still allowed. */
    public int triesLeft() {
        return MAX_ATTEMPTS - failedAttempts;
    }

    /**
     * Tries a code typed by the person for {@code purpose}. A code of another purpose is never accepted: it
     * counts as a wrong try, as a guess would. For an address check, {@code account} must be the one that asked.
     */
    public Attempt tryCode(String code, Purpose purpose, Optional<AccountId> asking, Instant now) {
        Optional<Attempt> closed = closed(now);
        if (closed.isPresent()) {
            return closed.get();
        }
        if (purpose != this.purpose || !asking.equals(account) || !matches(code, codeHash)) {
            return new Attempt.Wrong();
        }
        return new Attempt.Accepted();
    }

    /**
     * Tries the token of an emailed sign-in link, presented by a browser carrying {@code browser} (its nonce, if
     * any). A right token in another browser than the one that asked is refused without spending the code.
     */
    public Attempt tryLink(String token, Optional<String> browser, Instant now) {
        Optional<Attempt> closed = closed(now);
        if (closed.isPresent()) {
            return closed.get();
        }
        if (purpose != Purpose.SIGN_IN || linkHash.isEmpty() || !matches(token, linkHash.get())) {
            return new Attempt.Wrong();
        }
        if (browserHash.isPresent() && (browser.isEmpty() || !matches(browser.get(), browserHash.get()))) {
            return new Attempt.OtherBrowser();
        }
        return new Attempt.Accepted();
    }

    /** This challenge after one more wrong try, as the store counts it. */
    public SignInChallenge withWrongTry() {
        if (failedAttempts >= MAX_ATTEMPTS || usedAt.isPresent()) {
            throw new DomainViolation("A used or exhausted challenge counts no more tries");
        }
        return new SignInChallenge(
                id, purpose, email, account, codeHash, linkHash, browserHash, issuedAt, failedAttempts + 1, usedAt);
    }

    /** This challenge used at {@code now}, as the store marks it. */
    public SignInChallenge used(Instant now) {
        if (failedAttempts >= MAX_ATTEMPTS || usedAt.isPresent()) {
            throw new DomainViolation("A used or exhausted challenge cannot be used");
        }
        return new SignInChallenge(
                id,
                purpose,
                email,
                account,
                codeHash,
                linkHash,
                browserHash,
                issuedAt,
                failedAttempts,
                Optional.of(now));
    }

    /** Whether tries are still possible: not used and not exhausted (expiry aside). */
    public boolean open() {
        return usedAt.isEmpty() && failedAttempts < MAX_ATTEMPTS;
    }

    private Optional<Attempt> closed(Instant now) {
        if (usedAt.isPresent()) {
            return Optional.of(new Attempt.Spent());
        }
        if (!now.isBefore(expiresAt())) {
            return Optional.of(new Attempt.Expired());
        }
        if (failedAttempts >= MAX_ATTEMPTS) {
            return Optional.of(new Attempt.Exhausted());
        }
        return Optional.empty();
    }

    private boolean matches(String secret, Digest expected) {
        // Constant-time comparison: a wrong code's timing says nothing about the right one.
        return secret != null && MessageDigest.isEqual(hashOf(id, secret).bytes(), expected.bytes());
    }

    private static void requireCode(String code) {
        if (code == null || !code.matches("\\d{" + CODE_DIGITS + "}")) {
            throw new DomainViolation("A sign-in code has " + CODE_DIGITS + " digits");
        }
    }

    private static void requireToken(String token, String what) {
        if (token == null || token.length() < 32) {
            throw new DomainViolation(what + " has at least 32 characters of randomness");
        }
    }

    /**
     * What a try amounts to on the challenge as it was read. An {@code Accepted} try still has to win the store's
     * atomic "mark used"; a {@code Wrong} one is counted there, which decides how many tries are left.
     */
    public sealed interface Attempt {
        record Accepted() implements Attempt {}

        record Wrong() implements Attempt {}

        record Expired() implements Attempt {}

        record Exhausted() implements Attempt {}

        record Spent() implements Attempt {}

        /** The right link, opened in another browser than the one that asked for it. */
        record OtherBrowser() implements Attempt {}
    }
}
