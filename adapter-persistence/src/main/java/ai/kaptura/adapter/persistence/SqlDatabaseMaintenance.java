package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.DatabaseMaintenance;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link DatabaseMaintenance} on the configured database.
 *
 * <p>Embedded H2: the file is rewritten from its live pages ({@link EmbeddedStore#rewrite}), so no old version of an
 * erased row is left in it, whatever chunk or gap it was in. The database is closed for as long as the copy takes;
 * callers wait for their connection meanwhile.
 *
 * <p>PostgreSQL: {@code VACUUM} of the tables that held the erased data removes the dead row versions the erasure left
 * (no other transaction still seeing them) and their index entries; their space is free for new rows, but its bytes
 * stay on disk until new rows overwrite them, and the WAL and any base backup or WAL archive keep the old rows until
 * they are recycled or expire under the operator's retention. {@code VACUUM FULL} would rewrite the tables, but locks
 * each one for the whole rewrite; it is left to the operator.
 */
final class SqlDatabaseMaintenance implements DatabaseMaintenance {

    /** How long the rewrite of the embedded file waits for every pooled connection to come back. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    /** The longest text an audit entry's detail holds. */
    private static final int AUDIT_VALUE = 200;

    /** The tables each category of data lives in. */
    private static final Map<DataCategory, List<String>> TABLES = new EnumMap<>(Map.of(
            DataCategory.ACCOUNT, List.of("accounts", "age_attestations"),
            DataCategory.ORDER, List.of("orders", "order_status_changes", "order_checkouts"),
            DataCategory.SELFIE, List.of("selfies", "data_keys"),
            DataCategory.HEADSHOT, List.of("headshots", "data_keys"),
            DataCategory.CONSENT_RECORD, List.of("consent_records"),
            DataCategory.SESSION, List.of("sessions"),
            DataCategory.SIGN_IN_CODE, List.of("sign_in_challenges"),
            DataCategory.COOKIE_CHOICE, List.of("cookie_choices"),
            DataCategory.RATE_LIMIT_COUNTER, List.of("rate_limits"),
            DataCategory.PRIVACY_REQUEST, List.of("privacy_requests")));

    private final Database db;
    private final Duration drain;

    SqlDatabaseMaintenance(Database db) {
        this(db, DRAIN);
    }

    SqlDatabaseMaintenance(Database db, Duration drain) {
        this.db = db;
        this.drain = drain;
    }

    @Override
    public String afterErasure(Set<DataCategory> erased) {
        if (db.inTransactionNow()) {
            throw new IllegalStateException(
                    "The database is purged after an erasure committed, outside any transaction");
        }
        if (db.isPostgres()) {
            return vacuum(erased);
        }
        return db.embedded()
                .map(store -> {
                    EmbeddedStore.Rewritten done = store.rewrite(drain);
                    return String.format(
                            "embedded H2 file rewritten from its live pages: %.1f MB to %.1f MB, closed %d ms",
                            done.bytesBefore() / 1e6,
                            done.bytesAfter() / 1e6,
                            done.closed().toMillis());
                })
                .orElse("in-memory H2: no file keeps old row versions");
    }

    private String vacuum(Set<DataCategory> erased) {
        List<String> tables = erased.stream()
                .flatMap(c -> TABLES.getOrDefault(c, List.of()).stream())
                .distinct()
                .sorted()
                .toList();
        if (tables.isEmpty()) {
            return "PostgreSQL: no table to vacuum";
        }
        long started = System.nanoTime();
        db.read(ctx -> ctx.execute("VACUUM " + String.join(", ", tables)));
        String done = "PostgreSQL: VACUUM of " + tables.size() + " tables in "
                + (System.nanoTime() - started) / 1_000_000 + " ms";
        String named = done + ": " + String.join(" ", tables);
        return named.length() <= AUDIT_VALUE ? named : done;
    }
}
