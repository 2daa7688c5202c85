package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SESSIONS;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.contract.SessionsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlSessionsTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends SessionsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Sessions sessions() {
            return new SqlSessions(db);
        }

        @Test
        void every_save_stores_when_the_session_ends() {
            Sessions sessions = sessions();
            Session started = session(accountId(), days(-29), days(-29));
            sessions.save(started);
            assertThat(endsAt(started)).isEqualTo(started.endsAt()).isEqualTo(days(-22));

            Session seen = started.seen(days(-1));
            sessions.save(seen);

            assertThat(endsAt(seen)).isEqualTo(seen.endsAt()).isEqualTo(days(1));
        }

        private java.time.Instant endsAt(Session session) {
            return db.ctx()
                    .select(SESSIONS.ENDS_AT)
                    .from(SESSIONS)
                    .where(SESSIONS.TOKEN_HASH.eq(session.tokenHash().hex()))
                    .fetchSingle()
                    .value1();
        }
    }
}
