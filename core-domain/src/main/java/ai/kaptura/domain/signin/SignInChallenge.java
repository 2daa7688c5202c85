package ai.kaptura.domain.signin;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A sign-in by email: a 6-digit code and a link token were sent; only their salted hashes are kept.
 * Single use, valid for 15 minutes, at most 5 wrong tries.
 */
public record SignInChallenge(
        UUID id,
        EmailAddress email,
        Digest codeHash,
        Digest linkHash,
        Instant issuedAt,
        int failedAttempts,
        Optional<Instant> usedAt) {

    public static final Duration VALIDITY = Duration.ofMinutes(15);
    public static final int MAX_ATTEMPTS = 5;
    public static final int CODE_DIGITS = 6;

    public SignInChallenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(codeHash, "code hash");
        Objects.requireNonNull(linkHash, "link hash");
        Objects.requireNonNull(issuedAt, "issued at");
        Objects.requireNonNull(usedAt, "used at");
        if (failedAttempts < 0 || failedAttempts > MAX_ATTEMPTS) {
            throw new DomainViolation("Failed attempts are between 0 and " + MAX_ATTEMPTS);
        }
    }

    /** A new challenge for a code and link token just generated (they are never stored in clear). */
    public static SignInChallenge issue(UUID id, EmailAddress email, String code, String linkToken, Instant now) {
        if (code == null || !code.matches("\\d{" + CODE_DIGITS + "}")) {
            throw new DomainViolation("A sign-in code has " + CODE_DIGITS + " digits");
        }
        if (linkToken == null || linkToken.length() < 32) {
            throw new DomainViolation("A sign-in link token has at least 32 characters of randomness");
        }
        return new SignInChallenge(id, email, hashOf(id, code), hashOf(id, linkToken), now, 0, Optional.empty());
    }

    /** The salted hash a code or token is kept as. */
    public static Digest hashOf(UUID challengeId, String secret) {
        return Digest.sha256(challengeId + ":" + secret);
    }

    public Instant expiresAt() {
        return issuedAt.plus(VALIDITY);
    }

    /** Tries a code typed by the person. */
    public Attempt tryCode(String code, Instant now) {
        return attempt(code, codeHash, now);
    }

    /** Tries the token of a sign-in link. */
    public Attempt tryLink(String token, Instant now) {
        return attempt(token, linkHash, now);
    }

    private Attempt attempt(String secret, Digest expected, Instant now) {
        if (usedAt.isPresent()) {
            return new Attempt.Spent(this);
        }
        if (!now.isBefore(expiresAt())) {
            return new Attempt.Expired(this);
        }
        if (failedAttempts >= MAX_ATTEMPTS) {
            return new Attempt.Exhausted(this);
        }
        // Constant-time comparison: a wrong code's timing says nothing about the right one.
        if (secret != null && MessageDigest.isEqual(hashOf(id, secret).bytes(), expected.bytes())) {
            return new Attempt.Accepted(new SignInChallenge(id, email, codeHash, linkHash, issuedAt, failedAttempts, Optional.of(now)));
        }
        SignInChallenge counted = new SignInChallenge(id, email, codeHash, linkHash, issuedAt, failedAttempts + 1, usedAt);
        return counted.failedAttempts >= MAX_ATTEMPTS ? new Attempt.Exhausted(counted) : new Attempt.Wrong(counted, MAX_ATTEMPTS - counted.failedAttempts);
    }

    /** What a try amounts to; each carries the challenge as it must now be stored. */
    public sealed interface Attempt {
        SignInChallenge challenge();

        record Accepted(SignInChallenge challenge) implements Attempt {
        }

        record Wrong(SignInChallenge challenge, int triesLeft) implements Attempt {
        }

        record Expired(SignInChallenge challenge) implements Attempt {
        }

        record Exhausted(SignInChallenge challenge) implements Attempt {
        }

        record Spent(SignInChallenge challenge) implements Attempt {
        }
    }
}
