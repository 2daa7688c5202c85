package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.RATE_LIMITS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.adapter.persistence.schema.tables.records.RateLimitsRecord;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.RateLimits.Limit;
import ai.kaptura.ports.out.contract.RateLimitsContract;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SqlRateLimitsTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();
    static final byte[] SECRET = "a secret of thirty-two bytes ...".getBytes(StandardCharsets.UTF_8);

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }

        @Test
        void bucket4j_postgresql_manager_does_not_run_on_h2_because_h2_refuses_its_on_conflict_with_a_target() {
            ProxyManager<String> theirs = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(H2.dataSource())
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("rate_limits")
                    .idColumn("key_hash")
                    .stateColumn("state")
                    .build();
            BucketConfiguration oneToken = BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(1).refillIntervally(1, Duration.ofMinutes(1)))
                    .build();

            assertThatThrownBy(() ->
                            theirs.builder().build("a-new-key", () -> oneToken).tryConsume(1))
                    .hasStackTraceContaining("ON CONFLICT");
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    @Tag("R47")
    abstract static class OnDatabase extends RateLimitsContract {

        private final Database db;
        private Database otherNode;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @AfterEach
        void closeTheOtherNode() {
            if (otherNode != null) {
                otherNode.close();
            }
        }

        @Override
        protected SqlRateLimits rateLimits(InstantSource clock) {
            return new SqlRateLimits(db, clock, SECRET);
        }

        @Override
        protected RateLimits anotherNode(InstantSource clock) {
            otherNode = TestDatabases.anotherNodeOn(db);
            return new SqlRateLimits(otherNode, clock, SECRET);
        }

        @Override
        protected String everythingStored() {
            return db.ctx().selectFrom(RATE_LIMITS).fetch().stream()
                    .map(r -> r.getKeyHash() + " "
                            + (r.getState() == null ? "null" : HexFormat.of().formatHex(r.getState())) + " "
                            + r.getExpiresAt())
                    .collect(Collectors.joining("\n"));
        }

        @Test
        void a_counter_is_one_row_named_by_a_keyed_hash_that_expires_when_its_window_ends() {
            SqlRateLimits limits = rateLimits(clock);
            String counter = THREE_PER_MINUTE.counterOf("ada@example.com");

            limits.attempt(THREE_PER_MINUTE, "ada@example.com");
            clock.advance(Duration.ofSeconds(10));
            limits.attempt(THREE_PER_MINUTE, "ada@example.com");

            RateLimitsRecord row = db.ctx().selectFrom(RATE_LIMITS).fetchSingle();
            assertThat(row.getKeyHash())
                    .isEqualTo(limits.hashOf(counter))
                    .matches("[0-9a-f]{64}")
                    .as("not a plain hash anybody could recompute from a guessed address")
                    .isNotEqualTo(Digest.sha256(counter).hex());
            assertThat(row.getState()).isNotEmpty();
            assertThat(row.getExpiresAt())
                    .isEqualTo(clock.instant().minusSeconds(10).plus(THREE_PER_MINUTE.window()));
        }

        @Test
        void nodes_with_different_secrets_count_apart_so_every_node_needs_the_same_one() {
            RateLimits one = rateLimits(clock);
            RateLimits stranger =
                    new SqlRateLimits(db, clock, "another secret of thirty-two byte".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                one.attempt(THREE_PER_MINUTE, "203.0.113.7");
            }

            assertThat(stranger.attempt(THREE_PER_MINUTE, "203.0.113.7")).isEmpty();
            assertThatThrownBy(() -> new SqlRateLimits(db, clock, new byte[31]))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void an_attempt_counted_in_a_transaction_that_then_fails_stays_counted() {
            RateLimits limits = rateLimits(clock);
            Limit once = new Limit("once-per-minute", 1, Duration.ofMinutes(1));

            assertThatThrownBy(() -> db.run(() -> {
                        assertThat(limits.attempt(once, "203.0.113.7")).isEmpty();
                        throw new IllegalStateException("the caller's work failed");
                    }))
                    .hasMessage("the caller's work failed");

            assertThat(limits.attempt(once, "203.0.113.7")).contains(Duration.ofMinutes(1));
        }

        @Test
        void an_empty_row_left_by_an_interrupted_first_attempt_neither_blocks_counting_nor_stays() {
            SqlRateLimits limits = rateLimits(clock);
            String interrupted = limits.hashOf(THREE_PER_MINUTE.counterOf("interrupted"));
            String left = limits.hashOf(THREE_PER_MINUTE.counterOf("left over"));
            db.run(() -> {
                db.ctx()
                        .insertInto(RATE_LIMITS)
                        .set(RATE_LIMITS.KEY_HASH, interrupted)
                        .execute();
                db.ctx().insertInto(RATE_LIMITS).set(RATE_LIMITS.KEY_HASH, left).execute();
            });

            assertThat(IntStream.range(0, 4).mapToObj(i -> limits.attempt(THREE_PER_MINUTE, "interrupted")))
                    .containsExactly(
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Duration.ofMinutes(1)));
            assertThat(limits.removeExpired())
                    .as("only the row no attempt ever filled in")
                    .isEqualTo(1);
            assertThat(db.ctx().fetchCount(RATE_LIMITS)).isEqualTo(1);
        }

        @Test
        void remove_expired_deletes_any_number_of_lapsed_counters_a_batch_at_a_time() {
            SqlRateLimits limits = rateLimits(clock);
            int lapsed = 2 * SqlRateLimits.REMOVE_BATCH + 7;
            db.run(() -> {
                var insert = db.ctx()
                        .insertInto(RATE_LIMITS, RATE_LIMITS.KEY_HASH, RATE_LIMITS.STATE, RATE_LIMITS.EXPIRES_AT);
                for (int i = 0; i < lapsed; i++) {
                    insert = insert.values(
                            limits.hashOf("lapsed " + i),
                            new byte[] {1},
                            clock.instant().minusSeconds(i));
                }
                insert.execute();
            });
            limits.attempt(THREE_PER_MINUTE, "alive");

            assertThat(limits.removeExpired()).isEqualTo(lapsed);
            assertThat(db.ctx().fetchCount(RATE_LIMITS)).isEqualTo(1);
        }
    }
}
