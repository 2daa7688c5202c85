package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.VendorObjects;
import ai.kaptura.ports.out.contract.ContractFixtures;
import ai.kaptura.ports.out.contract.VendorObjectsContract;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryVendorObjectsTest extends VendorObjectsContract {

    @Override
    protected VendorObjects objects() {
        return new InMemoryVendorObjects();
    }

    @Test
    void an_entry_never_holds_an_email_address_or_a_line_break() {
        OrderId order = new OrderId(UUID.randomUUID());

        assertThatThrownBy(() -> VendorObjects.Entry.open(
                        "astria", "prompt", "90001", order, "", "for ada@example.org", ContractFixtures.minutes(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VendorObjects.Entry.open(
                        "astria", "prompt", "ada@example.org", order, "", "", ContractFixtures.minutes(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VendorObjects.Closed(ContractFixtures.minutes(0), "404\nforged line"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
