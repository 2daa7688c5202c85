package ai.kaptura.ports.out.fake;

import java.util.Objects;

/**
 * Every storing fake on one {@link InMemoryDatabase}, so a test wires a whole application in one line
 * and a transaction rolls all of them back together:
 *
 * <pre>{@code
 * InMemoryStores stores = InMemoryStores.create();
 * new OrderService(stores.orders(), ..., stores.transactions(), ...);
 * assertThat(stores.jobs().scheduled()).hasSize(1);
 * }</pre>
 */
public final class InMemoryStores {

    private final InMemoryDatabase database;
    private final InMemoryAccounts accounts;
    private final InMemorySignInChallenges signInChallenges;
    private final InMemorySessions sessions;
    private final InMemoryOrders orders;
    private final InMemoryConsentLedger consentLedger;
    private final InMemoryPolicyVersions policyVersions;
    private final InMemoryAuditLog auditLog;
    private final InMemoryPrivacyRequests privacyRequests;
    private final InMemoryProcessors processors;
    private final InMemoryCookieChoices cookieChoices;
    private final InMemoryDataKeys dataKeys;
    private final InMemoryTransactions transactions;
    private final InMemoryJobs jobs;
    private final InMemoryProcessedEvents processedEvents;
    private final InMemoryAlarms alarms;
    private final InMemoryDeletionRecords deletionRecords;

    public InMemoryStores(InMemoryDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        this.accounts = new InMemoryAccounts(database);
        this.signInChallenges = new InMemorySignInChallenges(database);
        this.sessions = new InMemorySessions(database);
        this.orders = new InMemoryOrders(database);
        this.consentLedger = new InMemoryConsentLedger(database);
        this.policyVersions = new InMemoryPolicyVersions(database);
        this.auditLog = new InMemoryAuditLog(database);
        this.privacyRequests = new InMemoryPrivacyRequests(database);
        this.processors = new InMemoryProcessors(database);
        this.cookieChoices = new InMemoryCookieChoices(database);
        this.dataKeys = new InMemoryDataKeys(database);
        this.transactions = new InMemoryTransactions(database);
        this.jobs = new InMemoryJobs(database);
        this.processedEvents = new InMemoryProcessedEvents(database);
        this.alarms = new InMemoryAlarms(database);
        this.deletionRecords = new InMemoryDeletionRecords(database);
    }

    /** Fresh, empty stores on a new database. */
    public static InMemoryStores create() {
        return new InMemoryStores(new InMemoryDatabase());
    }

    public InMemoryDatabase database() {
        return database;
    }

    public InMemoryAccounts accounts() {
        return accounts;
    }

    public InMemorySignInChallenges signInChallenges() {
        return signInChallenges;
    }

    public InMemorySessions sessions() {
        return sessions;
    }

    public InMemoryOrders orders() {
        return orders;
    }

    public InMemoryConsentLedger consentLedger() {
        return consentLedger;
    }

    public InMemoryPolicyVersions policyVersions() {
        return policyVersions;
    }

    public InMemoryAuditLog auditLog() {
        return auditLog;
    }

    public InMemoryPrivacyRequests privacyRequests() {
        return privacyRequests;
    }

    public InMemoryProcessors processors() {
        return processors;
    }

    public InMemoryCookieChoices cookieChoices() {
        return cookieChoices;
    }

    public InMemoryDataKeys dataKeys() {
        return dataKeys;
    }

    public InMemoryTransactions transactions() {
        return transactions;
    }

    public InMemoryJobs jobs() {
        return jobs;
    }

    public InMemoryProcessedEvents processedEvents() {
        return processedEvents;
    }

    public InMemoryAlarms alarms() {
        return alarms;
    }

    public InMemoryDeletionRecords deletionRecords() {
        return deletionRecords;
    }
}
