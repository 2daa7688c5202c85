package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.RATE_LIMITS;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.RateLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.exception.DataAccessException;

/**
 * {@link RateLimits} in the {@code rate_limits} table, counted by bucket4j: one bucket per limit and key,
 * of {@code attempts} tokens refilled all at once every {@code window} (bucket4j's "intervally" refill),
 * read and written under a row lock ({@code SELECT ... FOR UPDATE}) in a transaction of its own, so every
 * node sharing the database counts into the same row (R47). On PostgreSQL that is bucket4j's
 * {@code PostgreSQLSelectForUpdateBasedProxyManager}; on H2 the same protocol in {@link H2Buckets}, because
 * H2 does not parse that manager's {@code ON CONFLICT(key_hash)}.
 *
 * <p>Time is the adapter's {@link InstantSource}, for counting and for {@code expires_at} alike (bucket4j
 * itself would stamp expiry and clean up by the system clock), so tests travel in time. A row's
 * {@code expires_at} is when its bucket is full again — the end of the window — and {@link #removeExpired}
 * deletes rows whose time has come, a batch at a time, skipping rows an attempt holds locked.
 *
 * <p>A row is named by an HMAC-SHA-256 of {@link Limit#counterOf} under a key derived from the secret all
 * nodes share: neither the limit nor the key is stored, and without the secret the name cannot be
 * recomputed from a guessed address, which a plain hash of an IPv4 address would allow in minutes.
 */
@Implements(Rule.R47)
final class SqlRateLimits implements RateLimits {

    /** Rows removed per statement by {@link #removeExpired}: short transactions, short locks. */
    static final int REMOVE_BATCH = 1_000;

    private static final String HASH_PURPOSE = "kaptura rate-limit counters v1";

    private final Database db;
    private final InstantSource clock;
    private final SecretKeySpec hashKey;
    private final ProxyManager<String> buckets;
    private final Map<Limit, BucketConfiguration> configurations = new ConcurrentHashMap<>();

    /**
     * @param secret at least 32 bytes, the same on every node (else the nodes count apart)
     */
    SqlRateLimits(Database db, InstantSource clock, byte[] secret) {
        this.db = Objects.requireNonNull(db, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (Objects.requireNonNull(secret, "secret").length < 32) {
            throw new IllegalArgumentException("The secret that keys rate-limit hashes holds at least 32 bytes");
        }
        this.hashKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"), HASH_PURPOSE), "HmacSHA256");
        TimeMeter time = new ClockTime(clock);
        CustomColumnProvider<String> expiresAt = new ExpiresAt();
        this.buckets = db.isPostgres()
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(db.dataSource())
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table(RATE_LIMITS.getName())
                        .idColumn(RATE_LIMITS.KEY_HASH.getName())
                        .stateColumn(RATE_LIMITS.STATE.getName())
                        .addCustomColumn(expiresAt)
                        .clientClock(time)
                        .build()
                : new H2Buckets(db.dataSource(), ClientSideConfig.getDefault().withClientClock(time), expiresAt);
    }

    @Override
    public Optional<Duration> attempt(Limit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        String id = hashOf(limit.counterOf(key));
        BucketConfiguration configuration = configurations.computeIfAbsent(limit, SqlRateLimits::configuration);
        ConsumptionProbe probe;
        try {
            probe = buckets.builder().build(id, () -> configuration).tryConsumeAndReturnRemaining(1);
        } catch (BucketExceptions.BucketExecutionException e) {
            throw new DataAccessException(
                    "Counting an attempt under " + limit.name() + " failed: " + e.getMessage(), e);
        }
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        return Optional.of(wait.isPositive() ? wait : Duration.ofNanos(1));
    }

    @Override
    public int removeExpired() {
        Instant now = clock.instant();
        int removed = 0;
        int batch;
        do {
            // Two statements, not DELETE ... IN (SELECT ... FOR UPDATE SKIP LOCKED): H2 runs that subquery
            // once per row (2,000 rows took 10 s); locking first, then deleting by key, is fast on both.
            batch = db.inTransaction(() -> {
                var lapsed = db.ctx()
                        .select(RATE_LIMITS.KEY_HASH)
                        .from(RATE_LIMITS)
                        .where(RATE_LIMITS.EXPIRES_AT.le(now).or(RATE_LIMITS.EXPIRES_AT.isNull()))
                        .limit(REMOVE_BATCH)
                        .forUpdate()
                        .skipLocked()
                        .fetch(RATE_LIMITS.KEY_HASH);
                return lapsed.isEmpty()
                        ? 0
                        : db.ctx()
                                .deleteFrom(RATE_LIMITS)
                                .where(RATE_LIMITS.KEY_HASH.in(lapsed))
                                .execute();
            });
            removed += batch;
        } while (batch == REMOVE_BATCH);
        return removed;
    }

    /** The name of a counter's row: 64 hex characters, never the key. */
    String hashOf(String counter) {
        return HexFormat.of().formatHex(hmac(hashKey, counter));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK provides HmacSHA256", e);
        }
    }

    /** {@code attempts} tokens, all given back at the end of each window; a new bucket starts full. */
    private static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.attempts())
                        .refillIntervally(limit.attempts(), limit.window())
                        .build())
                .build();
    }

    /** bucket4j's clock, read from the adapter's {@link InstantSource}: nanoseconds since the epoch. */
    private record ClockTime(InstantSource clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    /**
     * Writes {@code expires_at} with every state: the instant the bucket is full again by the adapter's clock,
     * to the microsecond both databases keep (rounded up, so a row never lapses before its window).
     */
    private static final class ExpiresAt implements CustomColumnProvider<String> {
        @Override
        public void setCustomField(
                String key, int index, PreparedStatement statement, RemoteBucketState state, long nowNanos)
                throws SQLException {
            long untilFull = Math.max(0, state.calculateFullRefillingTime(nowNanos));
            Instant at = Instant.ofEpochSecond(0, nowNanos).plusNanos(untilFull);
            Instant micros = at.truncatedTo(ChronoUnit.MICROS);
            statement.setObject(
                    index,
                    OffsetDateTime.ofInstant(
                            micros.equals(at) ? at : micros.plus(1, ChronoUnit.MICROS), ZoneOffset.UTC));
        }

        @Override
        public String getCustomFieldName() {
            return RATE_LIMITS.EXPIRES_AT.getName();
        }
    }
}
