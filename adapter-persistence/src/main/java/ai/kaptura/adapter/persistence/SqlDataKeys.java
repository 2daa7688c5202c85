package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DATA_KEYS;

import ai.kaptura.adapter.persistence.schema.tables.records.DataKeysRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.WrappedDataKey;
import java.util.Optional;
import org.jooq.exception.DataAccessException;

/**
 * {@link DataKeys} in the {@code data_keys} table, one wrapped key per account (R18). The first key
 * stored wins, also when first uploads race: the insert does nothing on a conflict and everyone then
 * reads the one key that is stored. Destroying the row is the crypto-shredding.
 */
record SqlDataKeys(Database db) implements DataKeys {

    /** How often a lost race is retried before giving up (each retry means the winner rolled back). */
    private static final int ATTEMPTS = 5;

    @Override
    public Optional<WrappedDataKey> find(AccountId account) {
        return db.inTransaction(() -> stored(account));
    }

    @Override
    public WrappedDataKey saveIfAbsent(AccountId account, WrappedDataKey key) {
        DataKeysRecord row = new DataKeysRecord();
        row.setAccountId(account.value());
        row.setWrappedKey(key.wrapped());
        row.setMasterKeyId(key.masterKeyId());
        row.setCreatedAt(key.createdAt());
        ColumnLengths.checked(row);
        return db.inTransaction(() -> {
            for (int attempt = 1; ; attempt++) {
                int inserted;
                try {
                    inserted = db.ctx()
                            .insertInto(DATA_KEYS)
                            .set(row)
                            .onConflictDoNothing()
                            .execute();
                } catch (DataAccessException e) {
                    // H2 emulates ON CONFLICT with MERGE, which a concurrent insert of the same key can
                    // still make fail: the other writer won.
                    if (!Database.isUniqueViolation(e) || attempt >= ATTEMPTS) {
                        throw e;
                    }
                    inserted = 0;
                }
                if (inserted == 1) {
                    return key;
                }
                Optional<WrappedDataKey> winner = stored(account);
                if (winner.isPresent()) {
                    return winner.get();
                }
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException(
                            "The data key of account " + account + " could neither be stored nor read");
                }
            }
        });
    }

    @Override
    public boolean destroy(AccountId account) {
        return db.delete(DATA_KEYS, DATA_KEYS.ACCOUNT_ID.eq(account.value())) > 0;
    }

    private Optional<WrappedDataKey> stored(AccountId account) {
        return db.ctx()
                .selectFrom(DATA_KEYS)
                .where(DATA_KEYS.ACCOUNT_ID.eq(account.value()))
                .fetchOptional()
                .map(r -> new WrappedDataKey(r.getWrappedKey(), r.getMasterKeyId(), r.getCreatedAt()));
    }
}
