package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.WrappedDataKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The one object that holds every table of the in-memory stores, so that {@link InMemoryTransactions}
 * can roll all of them back together.
 *
 * <p>Every stored value is an immutable record, so a snapshot is a shallow copy of the collections.
 * Every store, and every transaction, synchronises on this object: a transaction holds the monitor from
 * its outermost begin to its end, so transactions are serialised and no other thread sees (or changes)
 * the state half-way through one. A transaction must therefore not wait for another thread that uses
 * the same database.
 */
public final class InMemoryDatabase {

    /** An order as stored, with its indexed retention due instant and its insertion sequence. */
    record StoredOrder(Order order, Optional<Instant> due, long seq) {}

    /** A consent record as stored: live, or (after erasure) only its tombstone. Exactly one is non-null. */
    record StoredConsent(ConsentRecord record, ConsentTombstone tombstone) {}

    record Stored<T>(T value, long seq) {}

    record JobKey(JobKind kind, String key) {}

    /** How a scheduled job has fared so far: failures in a row, and the last one. */
    record JobFailures(int inARow, Instant last, String error) {}

    /** A job that gave up, with the failures it gave up after. */
    record DeadJob(Job job, int failures, Instant diedAt, String error) {}

    record EventKey(String source, String eventId) {}

    // ---- the tables (guarded by this) ----------------------------------------------------------

    final Map<AccountId, Stored<Account>> accounts = new LinkedHashMap<>();
    final Map<UUID, SignInChallenge> challenges = new LinkedHashMap<>();
    final Map<Digest, Session> sessions = new LinkedHashMap<>();
    final Map<OrderId, StoredOrder> orders = new LinkedHashMap<>();
    final List<StoredConsent> consent = new ArrayList<>();
    final List<PolicyVersion> policies = new ArrayList<>();
    final List<AuditEntry> audit = new ArrayList<>();
    final Map<PrivacyRequestId, Stored<PrivacyRequest>> privacyRequests = new LinkedHashMap<>();
    final Map<String, Processor> processors = new LinkedHashMap<>();
    final List<CookieChoice> cookieChoices = new ArrayList<>();
    final Map<AccountId, WrappedDataKey> dataKeys = new LinkedHashMap<>();
    final Map<JobKey, Job> jobs = new LinkedHashMap<>();
    final Map<JobKey, JobFailures> jobFailures = new LinkedHashMap<>();
    final List<DeadJob> deadJobs = new ArrayList<>();
    final Map<EventKey, Instant> processedEvents = new LinkedHashMap<>();
    final Map<Alarm.Key, Alarm> alarms = new LinkedHashMap<>();
    final Map<String, DeletionEvidence> deletionRecords = new LinkedHashMap<>();

    /** Insertion sequence, for stable tie-breaking of "newest first" and "oldest first". */
    private long sequence;

    /** Whether a transaction is open; only read and written by the thread holding the monitor. */
    private boolean inTransaction;

    public InMemoryDatabase() {}

    long nextSequence() {
        return ++sequence;
    }

    /**
     * The version stored under {@code id} in {@code table} (0 when there is none); a save that read another
     * version of {@code what} is refused with {@link ConcurrentUpdate}. Called under the database's lock.
     */
    static <K, T> long versionToReplace(
            Map<K, Stored<T>> table, K id, long versionRead, ToLongFunction<T> versionOf, String what) {
        Stored<T> stored = table.get(id);
        long current = stored == null ? 0 : versionOf.applyAsLong(stored.value());
        if (versionRead != current) {
            throw new ConcurrentUpdate(what, versionRead);
        }
        return current;
    }

    /** Puts {@code saved} under {@code id}, keeping the place in insertion order of what it replaces. */
    <K, T> T put(Map<K, Stored<T>> table, K id, T saved) {
        Stored<T> stored = table.get(id);
        long seq = stored == null ? nextSequence() : stored.seq();
        table.put(id, new Stored<>(saved, seq));
        return saved;
    }

    /** Removes every value of {@code table} that {@code doomed} matches; answers how many went. */
    static <V> int removeWhere(Map<?, V> table, Predicate<? super V> doomed) {
        int before = table.size();
        table.values().removeIf(doomed);
        return before - table.size();
    }

    boolean inTransaction() {
        return inTransaction;
    }

    void inTransaction(boolean open) {
        inTransaction = open;
    }

    // ---- snapshots ----------------------------------------------------------------------------

    /** A copy of every table, taken by the transaction that begins. */
    record Snapshot(
            Map<AccountId, Stored<Account>> accounts,
            Map<UUID, SignInChallenge> challenges,
            Map<Digest, Session> sessions,
            Map<OrderId, StoredOrder> orders,
            List<StoredConsent> consent,
            List<PolicyVersion> policies,
            List<AuditEntry> audit,
            Map<PrivacyRequestId, Stored<PrivacyRequest>> privacyRequests,
            Map<String, Processor> processors,
            List<CookieChoice> cookieChoices,
            Map<AccountId, WrappedDataKey> dataKeys,
            Map<JobKey, Job> jobs,
            Map<JobKey, JobFailures> jobFailures,
            List<DeadJob> deadJobs,
            Map<EventKey, Instant> processedEvents,
            Map<Alarm.Key, Alarm> alarms,
            Map<String, DeletionEvidence> deletionRecords,
            long sequence) {}

    synchronized Snapshot snapshot() {
        return new Snapshot(
                new LinkedHashMap<>(accounts),
                new LinkedHashMap<>(challenges),
                new LinkedHashMap<>(sessions),
                new LinkedHashMap<>(orders),
                new ArrayList<>(consent),
                new ArrayList<>(policies),
                new ArrayList<>(audit),
                new LinkedHashMap<>(privacyRequests),
                new LinkedHashMap<>(processors),
                new ArrayList<>(cookieChoices),
                new LinkedHashMap<>(dataKeys),
                new LinkedHashMap<>(jobs),
                new LinkedHashMap<>(jobFailures),
                new ArrayList<>(deadJobs),
                new LinkedHashMap<>(processedEvents),
                new LinkedHashMap<>(alarms),
                new LinkedHashMap<>(deletionRecords),
                sequence);
    }

    synchronized void restore(Snapshot s) {
        replace(accounts, s.accounts());
        replace(challenges, s.challenges());
        replace(sessions, s.sessions());
        replace(orders, s.orders());
        replace(consent, s.consent());
        replace(policies, s.policies());
        replace(audit, s.audit());
        replace(privacyRequests, s.privacyRequests());
        replace(processors, s.processors());
        replace(cookieChoices, s.cookieChoices());
        replace(dataKeys, s.dataKeys());
        replace(jobs, s.jobs());
        replace(jobFailures, s.jobFailures());
        replace(deadJobs, s.deadJobs());
        replace(processedEvents, s.processedEvents());
        replace(alarms, s.alarms());
        replace(deletionRecords, s.deletionRecords());
        sequence = s.sequence();
    }

    private static <K, V> void replace(Map<K, V> table, Map<K, V> content) {
        table.clear();
        table.putAll(content);
    }

    private static <T> void replace(List<T> table, List<T> content) {
        table.clear();
        table.addAll(content);
    }
}
