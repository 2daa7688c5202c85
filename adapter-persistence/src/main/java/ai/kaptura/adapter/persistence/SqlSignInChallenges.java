package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SIGN_IN_CHALLENGES;
import static org.jooq.impl.DSL.excluded;

import ai.kaptura.adapter.persistence.schema.tables.records.SignInChallengesRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jooq.Condition;

/**
 * {@link SignInChallenges} in the {@code sign_in_challenges} table: codes, link tokens and browser nonces only as
 * their salted hashes. Wrong tries and use are written by single guarded {@code UPDATE}s ({@code failed_attempts =
 * failed_attempts + 1 ... WHERE used_at IS NULL AND failed_attempts < 5}), never as values read earlier, so the
 * database's row lock orders racing tries from every node (R47). "Issued since" includes its instant, "issued
 * before" excludes it; of two challenges issued at the same instant the one stored first is the older.
 */
@Implements(Rule.R47)
record SqlSignInChallenges(Database db) implements SignInChallenges {

    @Override
    public void save(SignInChallenge c) {
        SignInChallengesRecord row = new SignInChallengesRecord();
        row.setId(c.id());
        row.setPurpose(c.purpose().name());
        row.setEmail(c.email().value());
        row.setAccountId(c.account().map(AccountId::value).orElse(null));
        row.setCodeHash(c.codeHash().hex());
        row.setLinkHash(c.linkHash().map(Digest::hex).orElse(null));
        row.setBrowserHash(c.browserHash().map(Digest::hex).orElse(null));
        row.setIssuedAt(c.issuedAt());
        row.setFailedAttempts(c.failedAttempts());
        row.setUsedAt(c.usedAt().orElse(null));
        db.run(() -> db.ctx()
                .insertInto(SIGN_IN_CHALLENGES)
                .set(ColumnLengths.checked(row))
                .onConflict(SIGN_IN_CHALLENGES.ID)
                .doUpdate()
                .set(SIGN_IN_CHALLENGES.PURPOSE, excluded(SIGN_IN_CHALLENGES.PURPOSE))
                .set(SIGN_IN_CHALLENGES.EMAIL, excluded(SIGN_IN_CHALLENGES.EMAIL))
                .set(SIGN_IN_CHALLENGES.ACCOUNT_ID, excluded(SIGN_IN_CHALLENGES.ACCOUNT_ID))
                .set(SIGN_IN_CHALLENGES.CODE_HASH, excluded(SIGN_IN_CHALLENGES.CODE_HASH))
                .set(SIGN_IN_CHALLENGES.LINK_HASH, excluded(SIGN_IN_CHALLENGES.LINK_HASH))
                .set(SIGN_IN_CHALLENGES.BROWSER_HASH, excluded(SIGN_IN_CHALLENGES.BROWSER_HASH))
                .set(SIGN_IN_CHALLENGES.ISSUED_AT, excluded(SIGN_IN_CHALLENGES.ISSUED_AT))
                .set(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS, excluded(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS))
                .set(SIGN_IN_CHALLENGES.USED_AT, excluded(SIGN_IN_CHALLENGES.USED_AT))
                .execute());
    }

    @Override
    public Optional<SignInChallenge> find(UUID id) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(SIGN_IN_CHALLENGES)
                .where(SIGN_IN_CHALLENGES.ID.eq(id))
                .fetchOptional()
                .map(SqlSignInChallenges::challenge));
    }

    @Override
    public Optional<SignInChallenge> latestFor(
            EmailAddress email, SignInChallenge.Purpose purpose, Optional<AccountId> account) {
        Condition asking = account.map(a -> SIGN_IN_CHALLENGES.ACCOUNT_ID.eq(a.value()))
                .orElse(SIGN_IN_CHALLENGES.ACCOUNT_ID.isNull());
        return db.inTransaction(() -> db.ctx()
                .selectFrom(SIGN_IN_CHALLENGES)
                .where(SIGN_IN_CHALLENGES.EMAIL.eq(email.value()))
                .and(SIGN_IN_CHALLENGES.PURPOSE.eq(purpose.name()))
                .and(asking)
                .orderBy(SIGN_IN_CHALLENGES.ISSUED_AT.desc(), SIGN_IN_CHALLENGES.SEQ.desc())
                .limit(1)
                .fetchOptional()
                .map(SqlSignInChallenges::challenge));
    }

    @Override
    public int countIssuedSince(EmailAddress email, Instant since) {
        return countIssuedSince(SIGN_IN_CHALLENGES.EMAIL.eq(email.value()), since);
    }

    @Override
    public int countAskedBySince(AccountId account, Instant since) {
        return countIssuedSince(SIGN_IN_CHALLENGES.ACCOUNT_ID.eq(account.value()), since);
    }

    /** How many of the challenges {@code whose} picks were issued at or after {@code since}. */
    private int countIssuedSince(Condition whose, Instant since) {
        return db.inTransaction(
                () -> db.ctx().fetchCount(SIGN_IN_CHALLENGES, whose.and(SIGN_IN_CHALLENGES.ISSUED_AT.ge(since))));
    }

    @Override
    public OptionalInt countWrongTry(UUID id) {
        return db.inTransaction(() -> {
            int counted = db.ctx()
                    .update(SIGN_IN_CHALLENGES)
                    .set(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS, SIGN_IN_CHALLENGES.FAILED_ATTEMPTS.plus(1))
                    .where(SIGN_IN_CHALLENGES.ID.eq(id).and(stillOpen()))
                    .execute();
            if (counted == 0) {
                return OptionalInt.empty();
            }
            // Read in the same transaction, after the update: the row is locked, so this is our own count.
            Integer now = db.ctx()
                    .select(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS)
                    .from(SIGN_IN_CHALLENGES)
                    .where(SIGN_IN_CHALLENGES.ID.eq(id))
                    .fetchOne(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS);
            return OptionalInt.of(now);
        });
    }

    @Override
    public boolean markUsed(UUID id, Instant at) {
        return db.inTransaction(() -> db.ctx()
                        .update(SIGN_IN_CHALLENGES)
                        .set(SIGN_IN_CHALLENGES.USED_AT, at)
                        .where(SIGN_IN_CHALLENGES.ID.eq(id).and(stillOpen()))
                        .execute()
                == 1);
    }

    private static Condition stillOpen() {
        return SIGN_IN_CHALLENGES
                .USED_AT
                .isNull()
                .and(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS.lt(SignInChallenge.MAX_ATTEMPTS));
    }

    @Override
    public int deleteIssuedBefore(Instant before) {
        return db.delete(SIGN_IN_CHALLENGES, SIGN_IN_CHALLENGES.ISSUED_AT.lt(before));
    }

    @Override
    public int deleteFor(EmailAddress email) {
        return db.delete(SIGN_IN_CHALLENGES, SIGN_IN_CHALLENGES.EMAIL.eq(email.value()));
    }

    @Override
    public int deleteAskedBy(AccountId account) {
        return db.delete(SIGN_IN_CHALLENGES, SIGN_IN_CHALLENGES.ACCOUNT_ID.eq(account.value()));
    }

    private static SignInChallenge challenge(SignInChallengesRecord r) {
        return new SignInChallenge(
                r.getId(),
                Rows.enumValue(SignInChallenge.Purpose.class, r.getPurpose(), "sign_in_challenges", "purpose"),
                EmailAddress.of(r.getEmail()),
                Optional.ofNullable(r.getAccountId()).map(AccountId::new),
                new Digest(r.getCodeHash()),
                Optional.ofNullable(r.getLinkHash()).map(Digest::new),
                Optional.ofNullable(r.getBrowserHash()).map(Digest::new),
                r.getIssuedAt(),
                r.getFailedAttempts(),
                Optional.ofNullable(r.getUsedAt()));
    }
}
