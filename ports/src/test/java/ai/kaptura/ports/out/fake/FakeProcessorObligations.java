package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A processor as a test controls it: it holds an address per account, can be unreachable, and either
 * deletes what it holds or keeps payment records under a legal basis.
 */
public final class FakeProcessorObligations implements ProcessorObligations {

    private final String name;
    private final Map<AccountId, String> held = new ConcurrentHashMap<>();
    private final List<AccountId> erased = new ArrayList<>();
    private volatile boolean reachable = true;
    private volatile boolean retainsPayments;

    public FakeProcessorObligations(String name) {
        this.name = name;
    }

    /** A complete registry entry for this processor, receiving {@code categories}. */
    public Processor registryEntry(DataCategory... categories) {
        return new Processor(
                name,
                name + " Ltd",
                "test processing",
                EnumSet.copyOf(List.of(categories)),
                "IE",
                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                "DPA-" + name);
    }

    /** The processor received the account's address (as a vendor adapter would have sent it). */
    public void holds(AccountId account, EmailAddress email) {
        held.put(account, email.value());
    }

    public Optional<String> addressHeldFor(AccountId account) {
        return Optional.ofNullable(held.get(account));
    }

    public void reachable(boolean yes) {
        reachable = yes;
    }

    public void retainsPayments(boolean yes) {
        retainsPayments = yes;
    }

    public synchronized List<AccountId> erased() {
        return List.copyOf(erased);
    }

    @Override
    public String processorName() {
        return name;
    }

    @Override
    public String rectifyEmail(AccountId account, EmailAddress newEmail) {
        requireReachable();
        if (held.replace(account, newEmail.value()) == null) {
            return name + " holds no address for this account";
        }
        return "address updated at " + name;
    }

    @Override
    public synchronized LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        requireReachable();
        erased.add(account);
        boolean hadAddress = held.remove(account) != null;
        if (retainsPayments) {
            return new LocationOutcome.RetainedWithBasis(
                    "payment records",
                    RetentionGround.LEGAL_OBLIGATION,
                    "statutory bookkeeping duty (§147 AO: 10 years)",
                    LocalDate.ofInstant(now, ZoneOffset.UTC).plusYears(10),
                    now);
        }
        return hadAddress
                ? new LocationOutcome.Erased(
                        List.of(new DeletionEvidence(
                                DataCategory.ACCOUNT,
                                account.toString(),
                                Location.processor(name),
                                now,
                                DeletionReason.ACCOUNT_ERASED,
                                "the address held for the account deleted at " + name,
                                new DeletionEvidence.Answer("DELETE answered 204 No Content", 1))),
                        now)
                : new LocationOutcome.NothingHeld("no record of the account exists at " + name, now);
    }

    private void requireReachable() {
        if (!reachable) {
            throw new IllegalStateException(name + " is unreachable");
        }
    }
}
