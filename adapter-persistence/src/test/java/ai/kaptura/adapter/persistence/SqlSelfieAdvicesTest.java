package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.T0;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.draftWithSelfies;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.SelfieAdvices;
import ai.kaptura.ports.out.contract.SelfieAdvicesContract;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SqlSelfieAdvicesTest {

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

    abstract static class OnDatabase extends SelfieAdvicesContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Orders orders() {
            return new SqlOrders(db);
        }

        @Override
        protected SelfieAdvices advices() {
            return new SqlSelfieAdvices(db);
        }

        @Test
        @Tag("R51")
        void a_selfie_due_for_deletion_loses_its_advice_when_its_order_is_saved() {
            Order order = orders().save(draftWithSelfies(accountId(), T0, 2), Optional.empty());
            SelfieAdvice blurry = new SelfieAdvice(Set.of(AdviceFlag.BLURRY), Optional.empty());
            advices().record(order.id(), order.selfies().get(0).id(), blurry);
            advices().record(order.id(), order.selfies().get(1).id(), blurry);

            Order discarded = order.discardSelfie(order.selfies().get(0).id(), T0.plusSeconds(60))
                    .orElseThrow();
            orders().save(discarded, Optional.empty());

            assertThat(advices().of(order.id()))
                    .containsOnlyKeys(order.selfies().get(1).id());
        }

        @Test
        @Tag("R51")
        void a_selfie_already_due_for_deletion_gets_no_advice_when_a_late_job_records_it() {
            Order order = orders().save(draftWithSelfies(accountId(), T0, 2), Optional.empty());
            Order discarded = order.discardSelfie(order.selfies().get(0).id(), T0.plusSeconds(60))
                    .orElseThrow();
            orders().save(discarded, Optional.empty());
            SelfieAdvice blurry = new SelfieAdvice(Set.of(AdviceFlag.BLURRY), Optional.empty());

            advices().record(order.id(), order.selfies().get(0).id(), blurry);
            advices().record(order.id(), order.selfies().get(1).id(), blurry);

            assertThat(advices().of(order.id()))
                    .containsOnlyKeys(order.selfies().get(1).id());
        }

        @Test
        @Tag("R51")
        void the_advice_goes_with_its_order() {
            Order order = orders().save(draftWithSelfies(accountId(), T0, 1), Optional.empty());
            advices()
                    .record(
                            order.id(),
                            order.selfies().getFirst().id(),
                            new SelfieAdvice(Set.of(AdviceFlag.NO_FACE), Optional.empty()));

            db.inTransaction(() -> db.ctx()
                    .deleteFrom(ai.kaptura.adapter.persistence.schema.Tables.ORDERS)
                    .where(ai.kaptura.adapter.persistence.schema.Tables.ORDERS.ID.eq(
                            order.id().value()))
                    .execute());

            assertThat(advices().of(order.id())).isEmpty();
            assertThat(db.inTransaction(
                            () -> db.ctx().fetchCount(ai.kaptura.adapter.persistence.schema.Tables.SELFIE_ADVICE)))
                    .isZero();
        }
    }
}
