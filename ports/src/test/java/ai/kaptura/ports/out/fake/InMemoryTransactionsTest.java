package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.Transactions;
import ai.kaptura.ports.out.contract.ContractFixtures;
import ai.kaptura.ports.out.contract.TransactionsContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTransactionsTest extends TransactionsContract {

    private final InMemoryStores stores = InMemoryStores.create();

    @Override
    protected Transactions transactions() {
        return stores.transactions();
    }

    @Override
    protected Orders orders() {
        return stores.orders();
    }

    @Override
    protected Jobs jobs() {
        return stores.jobs();
    }

    @Override
    protected AuditLog auditLog() {
        return stores.auditLog();
    }

    @Override
    protected Accounts accounts() {
        return stores.accounts();
    }

    @Override
    protected List<Job> scheduledJobs() {
        return stores.jobs().scheduled();
    }

    // ---- the fake rolls back every table, not only the five the contract observes ---------------

    @Test
    void a_failing_unit_rolls_back_every_other_store_of_the_database_too() {
        var account = ContractFixtures.accountId();
        var visitor = ContractFixtures.visitor();
        var session = ContractFixtures.session(account, ContractFixtures.minutes(0), ContractFixtures.minutes(0));
        var challenge = ContractFixtures.challenge(ContractFixtures.email("ann"), ContractFixtures.minutes(0));
        var request = ContractFixtures.request(
                ai.kaptura.domain.privacy.RequestKind.ACCESS, account, ContractFixtures.minutes(0));

        assertThatThrownBy(() -> stores.transactions().run(() -> {
                    stores.sessions().save(session);
                    stores.signInChallenges().save(challenge);
                    stores.cookieChoices()
                            .record(ContractFixtures.cookieChoice(visitor, true, ContractFixtures.minutes(0)));
                    stores.dataKeys()
                            .saveIfAbsent(account, ContractFixtures.wrappedKey(1, ContractFixtures.minutes(0)));
                    stores.processedEvents().firstTime("stripe", "evt_1", ContractFixtures.minutes(0));
                    stores.privacyRequests().save(request);
                    stores.processors().register(ContractFixtures.processor("astria"));
                    assertThat(stores.transactions().isActive()).isTrue();
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(stores.transactions().isActive()).isFalse();
        assertThat(stores.sessions().find(session.tokenHash())).isEmpty();
        assertThat(stores.signInChallenges().find(challenge.id())).isEmpty();
        assertThat(stores.cookieChoices().latest(visitor)).isEmpty();
        assertThat(stores.dataKeys().find(account)).isEmpty();
        assertThat(stores.processedEvents().firstTime("stripe", "evt_1", ContractFixtures.minutes(1)))
                .isTrue();
        assertThat(stores.privacyRequests().find(request.id())).isEmpty();
        assertThat(stores.processors().registry().processors()).isEmpty();
    }

    @Test
    void a_failing_unit_rolls_back_the_consent_ledger_and_the_policy_versions() {
        var account = ContractFixtures.accountId();
        var kept = ContractFixtures.withdrawal(account, ConsentPurpose.VENDOR_DISCLOSURE, ContractFixtures.minutes(0));
        stores.consentLedger().append(kept);

        assertThatThrownBy(() -> stores.transactions().run(() -> {
                    stores.consentLedger()
                            .append(ContractFixtures.withdrawal(
                                    account, ConsentPurpose.BIOMETRIC_PROCESSING, ContractFixtures.minutes(1)));
                    stores.consentLedger().reduceToTombstones(account);
                    stores.policyVersions()
                            .add(ContractFixtures.policyVersion("2026-01", ContractFixtures.minutes(0), true));
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(stores.consentLedger().ofAccount(account)).containsExactly(kept);
        assertThat(stores.policyVersions().history().versions()).isEmpty();
    }
}
