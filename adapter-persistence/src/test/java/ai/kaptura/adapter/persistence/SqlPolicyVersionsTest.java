package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.policyVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.contract.PolicyVersionsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlPolicyVersionsTest {

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
    abstract static class OnDatabase extends PolicyVersionsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected PolicyVersions policyVersions() {
            return new SqlPolicyVersions(db);
        }

        @Test
        void a_label_already_published_is_refused_and_the_published_text_stays() {
            PolicyVersions policies = policyVersions();
            PolicyVersion published = policyVersion("2026-01", days(1), true);
            policies.add(published);

            assertThatThrownBy(() -> policies.add(policyVersion("2026-01", days(50), false)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("2026-01");

            assertThat(policies.history().versions()).containsExactly(published);
        }

        @Test
        void a_second_version_taking_effect_at_the_same_instant_is_refused_so_the_history_stays_readable() {
            PolicyVersions policies = policyVersions();
            PolicyVersion published = policyVersion("2026-01", days(1), true);
            policies.add(published);

            assertThatThrownBy(() -> policies.add(policyVersion("2026-01.b", days(1), false)))
                    .isInstanceOf(IllegalStateException.class);

            assertThat(policies.history().versions()).containsExactly(published);
        }

        @Test
        void a_refused_version_leaves_the_callers_transaction_usable() {
            PolicyVersions policies = policyVersions();
            policies.add(policyVersion("2026-01", days(1), true));
            PolicyVersion next = policyVersion("2026-02", days(40), false);

            db.run(() -> {
                assertThatThrownBy(() -> policies.add(policyVersion("2026-01", days(20), false)))
                        .isInstanceOf(IllegalStateException.class);
                policies.add(next);
            });

            assertThat(policies.history().versions()).hasSize(2).endsWith(next);
        }

        @Test
        void an_unknown_notice_kind_is_a_clear_violation() {
            PolicyVersions policies = policyVersions();
            policies.add(policyVersion("2026-01", days(1), true));
            db.run(() -> db.ctx()
                    .execute("UPDATE notices SET kind = 'MARKETING' WHERE version = '2026-01' AND position = 2"));

            assertThatThrownBy(policies::history)
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("notices.kind")
                    .hasMessageContaining("MARKETING");
        }
    }
}
