package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.ACCOUNTS;
import static ai.kaptura.adapter.persistence.schema.Tables.AGE_ATTESTATIONS;

import ai.kaptura.adapter.persistence.schema.tables.records.AccountsRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.AgeAttestationsRecord;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.Accounts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.exception.DataAccessException;

/**
 * {@link Accounts} in the {@code accounts} table, with the 18+ attestations in {@code age_attestations}
 * (by position). Optimistic locking on {@code version}; one live account per address through the
 * unique index on {@code email}, which an erased account leaves NULL (R16), so its address is free.
 */
record SqlAccounts(Database db) implements Accounts {

    private static final String TABLE = "accounts";
    private static final String ATTESTATIONS = "age_attestations";

    @Override
    public Optional<Account> find(AccountId id) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(ACCOUNTS)
                .where(ACCOUNTS.ID.eq(id.value()))
                .fetchOptional()
                .map(r -> account(r, attestationsOf(List.of(r.getId())).getOrDefault(r.getId(), List.of()))));
    }

    @Override
    public Optional<Account> findByEmail(EmailAddress email) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(ACCOUNTS)
                .where(ACCOUNTS.EMAIL.eq(email.value()))
                .and(ACCOUNTS.STATUS.ne(AccountStatus.ERASED.name()))
                .fetchOptional()
                .map(r -> account(r, attestationsOf(List.of(r.getId())).getOrDefault(r.getId(), List.of()))));
    }

    @Override
    public Account save(Account account) {
        long expected = account.version();
        Account saved = account.withVersion(expected + 1);
        return db.inTransaction(() -> {
            // Checked first so that the usual refusal leaves the caller's transaction usable (PostgreSQL
            // aborts a transaction on a failed statement); the unique index still decides a race.
            if (saved.status() != AccountStatus.ERASED && addressTaken(saved)) {
                throw addressInUse();
            }
            if (expected == 0) {
                insert(saved);
            } else {
                update(saved, expected);
            }
            db.ctx()
                    .deleteFrom(AGE_ATTESTATIONS)
                    .where(AGE_ATTESTATIONS.ACCOUNT_ID.eq(saved.id().value()))
                    .execute();
            List<AgeAttestationsRecord> rows = new ArrayList<>();
            for (int i = 0; i < saved.attestations().size(); i++) {
                AgeAttestation a = saved.attestations().get(i);
                rows.add(ColumnLengths.checked(new AgeAttestationsRecord(
                        saved.id().value(),
                        i,
                        a.textVersion().value(),
                        a.where().name(),
                        a.at())));
            }
            if (!rows.isEmpty()) {
                db.ctx().batchInsert(rows).execute();
            }
            return saved;
        });
    }

    @Override
    public List<Account> withStatus(AccountStatus status, int limit) {
        return db.inTransaction(() -> {
            List<AccountsRecord> rows = db.ctx()
                    .selectFrom(ACCOUNTS)
                    .where(ACCOUNTS.STATUS.eq(status.name()))
                    .orderBy(ACCOUNTS.CREATED_AT, ACCOUNTS.SEQ)
                    .limit(Math.max(limit, 0))
                    .fetch();
            Map<UUID, List<AgeAttestation>> attestations =
                    attestationsOf(rows.stream().map(AccountsRecord::getId).toList());
            return rows.stream()
                    .map(r -> account(r, attestations.getOrDefault(r.getId(), List.of())))
                    .toList();
        });
    }

    private boolean addressTaken(Account account) {
        return db.ctx()
                .fetchExists(db.ctx()
                        .selectOne()
                        .from(ACCOUNTS)
                        .where(ACCOUNTS.EMAIL.eq(account.requireEmail().value()))
                        .and(ACCOUNTS.ID.ne(account.id().value())));
    }

    private static IllegalStateException addressInUse() {
        return new IllegalStateException("Another live account already has this email address");
    }

    /**
     * Inserts a new account. The insert does nothing on any conflict (PostgreSQL), or, where ON CONFLICT
     * is emulated (H2), fails once the conflicting row has committed; either way the stored rows then say
     * which conflict it was: the same id is a concurrent insert of this account, else the address is taken.
     */
    private void insert(Account a) {
        boolean inserted;
        try {
            inserted = db.ctx()
                            .insertInto(ACCOUNTS)
                            .set(row(a))
                            .onConflictDoNothing()
                            .execute()
                    == 1;
        } catch (DataAccessException e) {
            if (!Database.isUniqueViolation(e) || db.isPostgres()) {
                throw e;
            }
            inserted = false;
        }
        if (!inserted) {
            if (db.ctx().fetchExists(ACCOUNTS, ACCOUNTS.ID.eq(a.id().value()))) {
                throw new ConcurrentUpdate("Account " + a.id(), 0);
            }
            throw addressInUse();
        }
    }

    /** Updates the account if it still has the version it was read at. */
    private void update(Account a, long expected) {
        AccountsRecord row = row(a);
        row.changed(ACCOUNTS.ID, false);
        int changed;
        try {
            changed = db.ctx()
                    .update(ACCOUNTS)
                    .set(row)
                    .where(ACCOUNTS.ID.eq(a.id().value()))
                    .and(ACCOUNTS.VERSION.eq(expected))
                    .execute();
        } catch (DataAccessException e) {
            if (Database.isUniqueViolation(e)) {
                throw addressInUse();
            }
            throw e;
        }
        if (changed != 1) {
            throw new ConcurrentUpdate("Account " + a.id(), expected);
        }
    }

    /** The account's row, without the insertion sequence (the database assigns it once). */
    private static AccountsRecord row(Account a) {
        AccountsRecord row = new AccountsRecord();
        row.setId(a.id().value());
        row.setEmail(a.email().map(EmailAddress::value).orElse(null));
        row.setStatus(a.status().name());
        row.setCreatedAt(a.createdAt());
        row.setLastInteractionAt(a.lastInteractionAt());
        row.setMinorFlaggedAt(a.minorFlag().map(MinorFlag::flaggedAt).orElse(null));
        row.setMinorSource(a.minorFlag().map(f -> f.source().name()).orElse(null));
        row.setMinorReason(a.minorFlag().map(MinorFlag::reason).orElse(null));
        row.setVersion(a.version());
        return ColumnLengths.checked(row);
    }

    private Map<UUID, List<AgeAttestation>> attestationsOf(Collection<UUID> accounts) {
        Map<UUID, List<AgeAttestation>> byAccount = new HashMap<>();
        if (accounts.isEmpty()) {
            return byAccount;
        }
        db.ctx()
                .selectFrom(AGE_ATTESTATIONS)
                .where(AGE_ATTESTATIONS.ACCOUNT_ID.in(accounts))
                .orderBy(AGE_ATTESTATIONS.ACCOUNT_ID, AGE_ATTESTATIONS.POSITION)
                .forEach(r -> byAccount
                        .computeIfAbsent(r.getAccountId(), k -> new ArrayList<>())
                        .add(new AgeAttestation(
                                new NoticeVersion(r.getTextVersion()),
                                Rows.enumValue(
                                        AgeAttestation.Where.class, r.getGivenWhere(), ATTESTATIONS, "given_where"),
                                r.getGivenAt())));
        return byAccount;
    }

    private static Account account(AccountsRecord r, List<AgeAttestation> attestations) {
        Optional<MinorFlag> flag = Optional.ofNullable(r.getMinorFlaggedAt())
                .map(at -> new MinorFlag(
                        at,
                        Rows.enumValue(MinorFlag.Source.class, r.getMinorSource(), TABLE, "minor_source"),
                        r.getMinorReason()));
        return new Account(
                new AccountId(r.getId()),
                Optional.ofNullable(r.getEmail()).map(EmailAddress::of),
                Rows.enumValue(AccountStatus.class, r.getStatus(), TABLE, "status"),
                attestations,
                flag,
                r.getCreatedAt(),
                r.getLastInteractionAt(),
                r.getVersion());
    }
}
