package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SIGN_IN_CHALLENGES;
import static org.jooq.impl.DSL.excluded;

import ai.kaptura.adapter.persistence.schema.tables.records.SignInChallengesRecord;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SignInChallenges} in the {@code sign_in_challenges} table: codes and link tokens only as their
 * salted hashes. "Issued since" includes its instant, "issued before" excludes it; of two challenges
 * issued at the same instant the one stored first is the older.
 */
final class SqlSignInChallenges implements SignInChallenges {

    private final Database db;

    SqlSignInChallenges(Database db) {
        this.db = db;
    }

    @Override
    public void save(SignInChallenge c) {
        SignInChallengesRecord row = new SignInChallengesRecord();
        row.setId(c.id());
        row.setEmail(c.email().value());
        row.setCodeHash(c.codeHash().hex());
        row.setLinkHash(c.linkHash().hex());
        row.setIssuedAt(c.issuedAt());
        row.setFailedAttempts(c.failedAttempts());
        row.setUsedAt(c.usedAt().orElse(null));
        db.run(() -> db.ctx().insertInto(SIGN_IN_CHALLENGES).set(ColumnLengths.checked(row))
                .onConflict(SIGN_IN_CHALLENGES.ID).doUpdate()
                .set(SIGN_IN_CHALLENGES.EMAIL, excluded(SIGN_IN_CHALLENGES.EMAIL))
                .set(SIGN_IN_CHALLENGES.CODE_HASH, excluded(SIGN_IN_CHALLENGES.CODE_HASH))
                .set(SIGN_IN_CHALLENGES.LINK_HASH, excluded(SIGN_IN_CHALLENGES.LINK_HASH))
                .set(SIGN_IN_CHALLENGES.ISSUED_AT, excluded(SIGN_IN_CHALLENGES.ISSUED_AT))
                .set(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS, excluded(SIGN_IN_CHALLENGES.FAILED_ATTEMPTS))
                .set(SIGN_IN_CHALLENGES.USED_AT, excluded(SIGN_IN_CHALLENGES.USED_AT))
                .execute());
    }

    @Override
    public Optional<SignInChallenge> find(UUID id) {
        return db.inTransaction(() -> db.ctx().selectFrom(SIGN_IN_CHALLENGES).where(SIGN_IN_CHALLENGES.ID.eq(id))
                .fetchOptional().map(SqlSignInChallenges::challenge));
    }

    @Override
    public Optional<SignInChallenge> latestFor(EmailAddress email) {
        return db.inTransaction(() -> db.ctx().selectFrom(SIGN_IN_CHALLENGES)
                .where(SIGN_IN_CHALLENGES.EMAIL.eq(email.value()))
                .orderBy(SIGN_IN_CHALLENGES.ISSUED_AT.desc(), SIGN_IN_CHALLENGES.SEQ.desc())
                .limit(1)
                .fetchOptional().map(SqlSignInChallenges::challenge));
    }

    @Override
    public int countIssuedSince(EmailAddress email, Instant since) {
        return db.inTransaction(() -> db.ctx().fetchCount(SIGN_IN_CHALLENGES,
                SIGN_IN_CHALLENGES.EMAIL.eq(email.value()).and(SIGN_IN_CHALLENGES.ISSUED_AT.ge(since))));
    }

    @Override
    public int deleteIssuedBefore(Instant before) {
        return db.inTransaction(() -> db.ctx().deleteFrom(SIGN_IN_CHALLENGES)
                .where(SIGN_IN_CHALLENGES.ISSUED_AT.lt(before)).execute());
    }

    @Override
    public int deleteFor(EmailAddress email) {
        return db.inTransaction(() -> db.ctx().deleteFrom(SIGN_IN_CHALLENGES)
                .where(SIGN_IN_CHALLENGES.EMAIL.eq(email.value())).execute());
    }

    private static SignInChallenge challenge(SignInChallengesRecord r) {
        return new SignInChallenge(r.getId(), EmailAddress.of(r.getEmail()), new Digest(r.getCodeHash()),
                new Digest(r.getLinkHash()), r.getIssuedAt(), r.getFailedAttempts(), Optional.ofNullable(r.getUsedAt()));
    }
}
