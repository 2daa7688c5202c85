package ai.kaptura.domain.account;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who signs in by email. The email is the only direct identifier Kaptura keeps, and only
 * while the account is active (R16); the last interaction feeds the biometric cap (R11).
 *
 * @param email         present while the account exists; empty once erased
 * @param attestations  every 18+ attestation the person gave, oldest first (R42)
 * @param minorFlag     set when the account is flagged as a minor's (R42)
 */
@Implements({Rule.R16, Rule.R42})
public record Account(
        AccountId id,
        Optional<EmailAddress> email,
        AccountStatus status,
        List<AgeAttestation> attestations,
        Optional<MinorFlag> minorFlag,
        Instant createdAt,
        Instant lastInteractionAt,
        long version) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(minorFlag, "minor flag");
        Objects.requireNonNull(createdAt, "created at");
        Objects.requireNonNull(lastInteractionAt, "last interaction");
        attestations = List.copyOf(attestations);
        if (status == AccountStatus.ERASED && email.isPresent()) {
            throw new DomainViolation("An erased account keeps no email address (R16)");
        }
        if (status != AccountStatus.ERASED && email.isEmpty()) {
            throw new DomainViolation("A live account has an email address");
        }
        if (status == AccountStatus.FLAGGED_MINOR && minorFlag.isEmpty()) {
            throw new DomainViolation("A minor's account carries its flag");
        }
    }

    /** A new account for a verified email; the version starts at 0 and is kept by the store. */
    public static Account open(AccountId id, EmailAddress email, Instant now) {
        return new Account(id, Optional.of(email), AccountStatus.ACTIVE, List.of(), Optional.empty(), now, now, 0);
    }

    public EmailAddress requireEmail() {
        return email.orElseThrow(() -> new DomainViolation("Account " + id + " has been erased"));
    }

    /** Whether the person has said they are 18 or older, at sign-up or at a checkout (R42). */
    public boolean hasStatedAdult() {
        return !attestations.isEmpty();
    }

    public boolean mayProcess() {
        return status.mayProcess();
    }

    /** The person did something: the 3-year biometric cap counts from here (R11). */
    public Account touch(Instant now) {
        return new Account(
                id, email, status, attestations, minorFlag, createdAt, later(lastInteractionAt, now), version);
    }

    public Account attest(AgeAttestation attestation) {
        requireLive("attest their age");
        List<AgeAttestation> all = new ArrayList<>(attestations);
        all.add(attestation);
        return new Account(
                id, email, status, all, minorFlag, createdAt, later(lastInteractionAt, attestation.at()), version);
    }

    /** Rectification (R26): only ever called once the new address has been verified by a code. */
    public Account changeEmail(EmailAddress verifiedNewEmail, Instant now) {
        requireLive("change the email address");
        return new Account(
                id,
                Optional.of(verifiedNewEmail),
                status,
                attestations,
                minorFlag,
                createdAt,
                later(lastInteractionAt, now),
                version);
    }

    /** R42: all processing stops at once; erasure becomes due within 72 hours. */
    public Account flagAsMinor(MinorFlag flag) {
        if (status == AccountStatus.ERASED) {
            throw new DomainViolation("Account " + id + " is already erased");
        }
        return new Account(
                id,
                email,
                AccountStatus.FLAGGED_MINOR,
                attestations,
                Optional.of(flag),
                createdAt,
                lastInteractionAt,
                version);
    }

    public Account beginErasure() {
        if (status == AccountStatus.ERASED) {
            throw new DomainViolation("Account " + id + " is already erased");
        }
        return new Account(
                id, email, AccountStatus.ERASING, attestations, minorFlag, createdAt, lastInteractionAt, version);
    }

    /** R16: the email goes; the id stays as the pseudonym the evidence refers to. */
    public Account erased() {
        return new Account(
                id,
                Optional.empty(),
                AccountStatus.ERASED,
                List.of(),
                minorFlag,
                createdAt,
                lastInteractionAt,
                version);
    }

    public Account withVersion(long newVersion) {
        return new Account(id, email, status, attestations, minorFlag, createdAt, lastInteractionAt, newVersion);
    }

    private void requireLive(String what) {
        if (!status.mayProcess()) {
            throw new DomainViolation("Account " + id + " is " + status + " and cannot " + what);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
