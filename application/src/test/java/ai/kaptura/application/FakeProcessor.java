package ai.kaptura.application;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** A processor's obligations as a test controls them: reachable or not, deleting or retaining with a basis. */
final class FakeProcessor implements ProcessorObligations {

    final String name;
    boolean reachable = true;
    boolean retainsPayments;
    final List<String> rectified = new ArrayList<>();
    final List<AccountId> erased = new ArrayList<>();

    FakeProcessor(String name) {
        this.name = name;
    }

    Processor registryEntry(DataCategory... categories) {
        return new Processor(name, name + " Ltd", "test processing", EnumSet.copyOf(List.of(categories)), "IE",
                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA), "DPA-" + name);
    }

    @Override
    public String processorName() {
        return name;
    }

    @Override
    public String rectifyEmail(AccountId account, EmailAddress newEmail) {
        rectified.add(account + "->" + newEmail.value());
        return "address updated at " + name;
    }

    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        if (!reachable) {
            throw new IllegalStateException(name + " is unreachable");
        }
        erased.add(account);
        return retainsPayments
                ? new LocationOutcome.RetainedWithBasis("payment records", "statutory bookkeeping duty, GDPR Art. 17(3)(b)", now)
                : new LocationOutcome.NothingHeld("no customer object exists at " + name, now);
    }
}
