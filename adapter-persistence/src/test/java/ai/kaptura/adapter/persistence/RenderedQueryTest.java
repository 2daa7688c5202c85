package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.ACCOUNTS;
import static ai.kaptura.adapter.persistence.schema.Tables.SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A query rendered once reads like the jOOQ query it came from, on both databases, and refuses a wrong number of binds. */
class RenderedQueryTest {

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(TestDatabases.h2());
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(TestDatabases.postgres());
        }
    }

    abstract static class OnDatabase {
        private static final Instant T = Instant.parse("2026-11-29T09:00:00Z");
        private final Database db;
        private final UUID account = UUID.randomUUID();

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void oneAccountWithOneSession() {
            TestDatabases.reset(db);
            db.run(() -> {
                db.ctx()
                        .insertInto(ACCOUNTS)
                        .set(ACCOUNTS.ID, account)
                        .set(ACCOUNTS.EMAIL, "ada@example.org")
                        .set(ACCOUNTS.STATUS, "ACTIVE")
                        .set(ACCOUNTS.CREATED_AT, T)
                        .set(ACCOUNTS.LAST_INTERACTION_AT, T)
                        .set(ACCOUNTS.VERSION, 1L)
                        .execute();
                db.ctx()
                        .insertInto(SESSIONS)
                        .set(SESSIONS.TOKEN_HASH, "ab".repeat(32))
                        .set(SESSIONS.ACCOUNT_ID, account)
                        .set(SESSIONS.CREATED_AT, T)
                        .set(SESSIONS.LAST_SEEN_AT, T.plusSeconds(60))
                        .set(SESSIONS.ENDS_AT, T.plusSeconds(3600))
                        .execute();
            });
        }

        /** Two tables with columns of the same names ({@code created_at}) are told apart by position, as jOOQ does. */
        @Test
        void a_join_of_tables_with_the_same_column_names_reads_each_column_from_its_own_table() {
            RenderedQuery query = new RenderedQuery(
                    db,
                    DSL.select(SESSIONS.fields())
                            .select(ACCOUNTS.fields())
                            .from(SESSIONS)
                            .join(ACCOUNTS)
                            .on(ACCOUNTS.ID.eq(SESSIONS.ACCOUNT_ID))
                            .where(SESSIONS.TOKEN_HASH.eq(DSL.param("token_hash", String.class))),
                    1);

            Result<Record> rows = db.read(ctx -> query.fetch(ctx, "ab".repeat(32)));

            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get(SESSIONS.LAST_SEEN_AT)).isEqualTo(T.plusSeconds(60));
            assertThat(rows.get(0).get(ACCOUNTS.EMAIL)).isEqualTo("ada@example.org");
            assertThat(rows.get(0).into(SESSIONS).getEndsAt()).isEqualTo(T.plusSeconds(3600));
            assertThat(rows.get(0).into(ACCOUNTS).getId()).isEqualTo(account);
        }

        @Test
        void the_same_query_runs_again_with_new_values_inside_a_transaction_and_outside() {
            RenderedQuery query = new RenderedQuery(
                    db,
                    DSL.selectFrom(SESSIONS).where(SESSIONS.TOKEN_HASH.eq(DSL.param("token_hash", String.class))),
                    1);

            Result<Record> none = db.read(ctx -> query.fetch(ctx, "cd".repeat(32)));
            Result<Record> inTransaction = db.inTransaction(() -> db.read(ctx -> query.fetch(ctx, "ab".repeat(32))));

            assertThat(none.size()).isZero();
            assertThat(inTransaction.size()).isEqualTo(1);
            assertThat(db.read(ctx -> query.fetch(ctx, "ab".repeat(32))).get(0).get(SESSIONS.ACCOUNT_ID))
                    .isEqualTo(account);
        }

        @Test
        void a_template_that_binds_a_constant_is_refused_when_built() {
            assertThatThrownBy(() -> new RenderedQuery(
                            db,
                            DSL.selectFrom(SESSIONS)
                                    .where(SESSIONS.TOKEN_HASH.eq(DSL.param("token_hash", String.class)))
                                    .and(SESSIONS.ACCOUNT_ID.eq(account)),
                            1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("binds 2 values where 1 are given");
        }

        @Test
        void a_run_with_the_wrong_number_of_values_is_refused_before_reaching_the_database() {
            RenderedQuery query = new RenderedQuery(
                    db,
                    DSL.selectFrom(SESSIONS).where(SESSIONS.TOKEN_HASH.eq(DSL.param("token_hash", String.class))),
                    1);

            assertThatThrownBy(() -> db.read(ctx -> query.fetch(ctx, "ab".repeat(32), "extra")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takes 1 values, not 2");
        }
    }
}
