package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.contract.ContractFixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryStoresTest {

    @Test
    void every_store_works_on_the_one_database_so_a_transaction_covers_them_all() {
        InMemoryStores stores = InMemoryStores.create();
        Order order = ContractFixtures.draft(ContractFixtures.accountId(), ContractFixtures.minutes(0));

        assertThatThrownBy(() -> stores.transactions().run(() -> {
                    stores.orders().save(order, Optional.empty());
                    stores.jobs()
                            .enqueue(ContractFixtures.job(JobKind.SEND_EMAIL, "email:1", ContractFixtures.minutes(0)));
                    stores.auditLog().append(ContractFixtures.auditEvent(1));
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(stores.orders().find(order.id())).isEmpty();
        assertThat(stores.jobs().scheduled()).isEmpty();
        assertThat(stores.auditLog().head()).isEmpty();
    }

    @Test
    void two_sets_of_stores_share_nothing() {
        InMemoryStores one = InMemoryStores.create();
        InMemoryStores two = InMemoryStores.create();
        Order order = ContractFixtures.draft(ContractFixtures.accountId(), ContractFixtures.minutes(0));

        one.orders().save(order, Optional.empty());

        assertThat(two.orders().find(order.id())).isEmpty();
        assertThat(one.database()).isNotSameAs(two.database());
        assertThat(new InMemoryStores(one.database()).orders().find(order.id())).isPresent();
    }
}
