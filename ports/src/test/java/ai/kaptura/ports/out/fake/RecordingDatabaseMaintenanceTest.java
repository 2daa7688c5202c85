package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.DatabaseMaintenance;
import ai.kaptura.ports.out.contract.DatabaseMaintenanceContract;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordingDatabaseMaintenanceTest extends DatabaseMaintenanceContract {

    private final InMemoryStores stores = InMemoryStores.create();
    private final RecordingDatabaseMaintenance fake = new RecordingDatabaseMaintenance();

    @Override
    protected DatabaseMaintenance maintenance() {
        return fake;
    }

    @Override
    protected Accounts accounts() {
        return stores.accounts();
    }

    @Test
    void it_records_each_purge_and_fails_while_busy() {
        fake.afterErasure(Set.of(DataCategory.ACCOUNT));
        fake.busy(true);

        assertThatThrownBy(() -> fake.afterErasure(Set.of(DataCategory.ORDER)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(fake.purged()).containsExactly(Set.of(DataCategory.ACCOUNT));
    }
}
