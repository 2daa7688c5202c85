package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.auditEvent;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.draft;
import static ai.kaptura.ports.out.contract.ContractFixtures.draftWithSelfies;
import static ai.kaptura.ports.out.contract.ContractFixtures.job;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transactions} must do with the stores it covers: commit the work of a unit
 * together, undo all of it (orders, accounts, audit entries, jobs) when the work throws and rethrow the
 * very same exception, join a transaction already open on the thread, and keep concurrent units apart.
 *
 * <p>Every factory is called at the start of each test (after every {@code @BeforeEach}); together they
 * must answer stores over one fresh, empty database, covered by the answer of {@link #transactions()}.
 */
public abstract class TransactionsContract {

    protected abstract Transactions transactions();

    protected abstract Orders orders();

    protected abstract Jobs jobs();

    protected abstract AuditLog auditLog();

    protected abstract Accounts accounts();

    /** Every job scheduled (committed) in the database, in any order. */
    protected abstract List<Job> scheduledJobs();

    // The running test's stores, taken from the factories by open() at its start.
    private Transactions tx;
    private Orders orders;
    private Jobs jobs;
    private AuditLog log;
    private Accounts accounts;

    /** Takes the stores of this test from the factories: the first thing each test does. */
    private void open() {
        tx = transactions();
        orders = orders();
        jobs = jobs();
        log = auditLog();
        accounts = accounts();
    }

    /** A new account and a draft order of it, neither saved yet. */
    private record AccountAndDraft(Account account, Order order) {}

    /** A new account and a draft order of it, both at minute 0, not saved. */
    private static AccountAndDraft newAccountAndDraft() {
        Account account = newAccount(minutes(0));
        return new AccountAndDraft(account, draft(account.id(), minutes(0)));
    }

    /** Checks that neither the account nor its order is stored, as after a rolled-back unit. */
    private void assertNeitherIsStored(AccountAndDraft unsaved) {
        assertThat(accounts.find(unsaved.account().id())).isEmpty();
        assertThat(orders.find(unsaved.order().id())).isEmpty();
    }

    /** The failure the tests throw from inside a unit of work. */
    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    @Test
    void committed_work_is_kept_and_its_answer_returned() {
        open();
        Account account = newAccount(minutes(0));
        Job job = job(JobKind.SEND_EMAIL, "email:welcome:1", minutes(1));

        Order saved = tx.inTransaction(() -> {
            accounts.save(account);
            log.append(auditEvent(1));
            jobs.enqueue(job);
            return orders.save(draft(account.id(), minutes(0)), Optional.of(days(7)));
        });

        assertThat(orders.find(saved.id())).contains(saved);
        assertThat(accounts.find(account.id())).contains(account.withVersion(1));
        assertThat(log.read(1, 10)).hasSize(1);
        assertThat(scheduledJobs()).containsExactly(job);
        assertThat(orders.dueForRetention(days(7), 10)).containsExactly(saved.id());
    }

    @Test
    void run_commits_like_in_transaction() {
        open();
        Account account = newAccount(minutes(0));

        tx.run(() -> accounts.save(account));

        assertThat(accounts.find(account.id())).isPresent();
    }

    @Test
    void a_failing_unit_leaves_no_trace_in_any_store_and_its_exception_propagates_unchanged() {
        open();
        Account account = newAccount(minutes(0));
        Order order = draft(account.id(), minutes(0));
        Boom boom = new Boom("the payment webhook was not what we expected");

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    accounts.save(account);
                    orders.save(order, Optional.of(days(1)));
                    log.append(auditEvent(1));
                    log.append(auditEvent(2));
                    jobs.enqueue(job(JobKind.SUBMIT_TRAINING, "submit:" + order.id(), minutes(1)));
                    throw boom;
                }))
                .isSameAs(boom);

        assertThat(accounts.find(account.id())).isEmpty();
        assertThat(accounts.findByEmail(account.requireEmail())).isEmpty();
        assertThat(orders.find(order.id())).isEmpty();
        assertThat(orders.ofAccount(account.id())).isEmpty();
        assertThat(orders.dueForRetention(days(2), 10)).isEmpty();
        assertThat(log.head()).isEmpty();
        assertThat(log.read(1, 10)).isEmpty();
        assertThat(scheduledJobs()).isEmpty();
    }

    @Test
    void a_failing_unit_undoes_updates_too_and_leaves_earlier_commits_alone() {
        open();
        Account account = accounts.save(newAccount(minutes(0)));
        Order order = orders.save(draftWithSelfies(account.id(), minutes(0), 8), Optional.of(days(7)));
        AuditEntry committed = log.append(auditEvent(1));

        assertThatThrownBy(() -> tx.run(() -> {
                    accounts.save(account.beginErasure());
                    orders.save(order.awaitPayment(minutes(5)), Optional.empty());
                    log.append(auditEvent(2));
                    throw new Boom("rolled back");
                }))
                .isInstanceOf(Boom.class);

        assertThat(accounts.find(account.id())).contains(account);
        assertThat(orders.find(order.id())).contains(order);
        assertThat(orders.dueForRetention(days(7), 10)).containsExactly(order.id());
        assertThat(log.read(1, 10)).containsExactly(committed);
        assertThat(log.head()).contains(committed);

        AuditEntry next = log.append(auditEvent(3));
        assertThat(next.sequence()).as("a rolled-back entry leaves no gap").isEqualTo(2);
        assertThat(AuditChain.verify(log.read(1, 10)).isIntact()).isTrue();
        Order updated = orders.save(order.awaitPayment(minutes(6)), Optional.empty());
        assertThat(updated.version())
                .as("a rolled-back save does not use up a version")
                .isEqualTo(2);
    }

    @Test
    void a_concurrent_update_inside_a_unit_propagates_as_such_and_rolls_the_unit_back() {
        open();
        Order stale = orders.save(draftWithSelfies(accountId(), minutes(0), 8), Optional.empty());
        orders.save(stale.awaitPayment(minutes(1)), Optional.empty());
        Order other = draft(accountId(), minutes(2));

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    orders.save(other, Optional.empty());
                    jobs.enqueue(job(JobKind.DELETE_SELFIES, "delete-selfies:" + stale.id(), minutes(3)));
                    return orders.save(stale.cancel("too late", minutes(3)), Optional.empty());
                }))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(orders.find(other.id())).isEmpty();
        assertThat(scheduledJobs()).isEmpty();
    }

    @Test
    void an_error_rolls_back_too() {
        open();
        Account account = newAccount(minutes(0));
        AssertionError error = new AssertionError("not an exception, an error");

        assertThatThrownBy(() -> tx.run(() -> {
                    accounts.save(account);
                    throw error;
                }))
                .isSameAs(error);

        assertThat(accounts.find(account.id())).isEmpty();
    }

    @Test
    void a_nested_unit_joins_the_outer_one_and_commits_with_it() {
        open();
        Order order = draft(accountId(), minutes(0));
        Job job = job(JobKind.SEND_EMAIL, "email:nested", minutes(1));

        Order saved = tx.inTransaction(() -> {
            Order inner = tx.inTransaction(() -> orders.save(order, Optional.empty()));
            tx.run(() -> jobs.enqueue(job));
            assertThat(orders.find(order.id()))
                    .as("the outer unit sees the inner unit's work")
                    .contains(inner);
            return inner;
        });

        assertThat(orders.find(order.id())).contains(saved);
        assertThat(scheduledJobs()).containsExactly(job);
    }

    @Test
    void an_outer_failure_undoes_the_work_of_the_units_nested_in_it() {
        open();
        AccountAndDraft unsaved = newAccountAndDraft();

        assertThatThrownBy(() -> tx.run(() -> {
                    tx.run(() -> accounts.save(unsaved.account()));
                    tx.inTransaction(() -> orders.save(unsaved.order(), Optional.of(days(1))));
                    tx.run(() -> {
                        log.append(auditEvent(1));
                        jobs.enqueue(job(JobKind.SEND_EMAIL, "email:nested-then-failed", minutes(1)));
                    });
                    throw new Boom("after the nested units finished");
                }))
                .isInstanceOf(Boom.class);

        assertNeitherIsStored(unsaved);
        assertThat(log.head()).isEmpty();
        assertThat(scheduledJobs()).isEmpty();
    }

    @Test
    void a_failure_in_a_nested_unit_that_escapes_rolls_back_everything() {
        open();
        AccountAndDraft unsaved = newAccountAndDraft();

        assertThatThrownBy(() -> tx.run(() -> {
                    accounts.save(unsaved.account());
                    tx.run(() -> {
                        orders.save(unsaved.order(), Optional.empty());
                        throw new Boom("inner");
                    });
                }))
                .isInstanceOf(Boom.class)
                .hasMessage("inner");

        assertNeitherIsStored(unsaved);
    }

    @Test
    void a_new_unit_after_a_failed_one_starts_clean() {
        open();
        Account failed = newAccount(minutes(0));
        Account committed = newAccount(minutes(1));

        assertThatThrownBy(() -> tx.run(() -> {
                    accounts.save(failed);
                    throw new Boom("first");
                }))
                .isInstanceOf(Boom.class);
        tx.run(() -> accounts.save(committed));

        assertThat(accounts.find(failed.id())).isEmpty();
        assertThat(accounts.find(committed.id())).isPresent();
    }

    @Test
    void concurrent_units_commit_or_roll_back_each_on_its_own() {
        open();
        int threads = 8;
        int units = 20;

        List<List<Account>> committedPerThread = Concurrently.all(threads, t -> {
            List<Account> committed = new ArrayList<>();
            for (int u = 0; u < units; u++) {
                int unit = u;
                boolean fail = u % 2 == 1;
                Account account = newAccount(minutes(t * 100 + u));
                String key = "unit:" + t + ":" + u;
                try {
                    tx.run(() -> {
                        accounts.save(account);
                        log.append(auditEvent("unit", key.replace(':', '-'), t * 100 + unit));
                        jobs.enqueue(job(JobKind.SEND_EMAIL, key, minutes(unit)));
                        if (fail) {
                            throw new Boom(key);
                        }
                    });
                    committed.add(account);
                } catch (Boom expected) {
                    // rolled back
                }
            }
            return committed;
        });

        List<Account> committed =
                committedPerThread.stream().flatMap(List::stream).toList();
        assertThat(committed).hasSize(threads * units / 2);
        for (Account account : committed) {
            assertThat(accounts.find(account.id())).isPresent();
        }
        List<AuditEntry> entries = log.read(1, 10_000);
        assertThat(entries).hasSize(threads * units / 2);
        assertThat(AuditChain.verify(entries).isIntact()).isTrue();
        assertThat(entries)
                .allSatisfy(e -> assertThat(
                                Integer.parseInt(e.event().subject().id().split("-")[2]) % 2)
                        .isZero());
        assertThat(scheduledJobs())
                .hasSize(threads * units / 2)
                .allSatisfy(j ->
                        assertThat(Integer.parseInt(j.key().split(":")[2]) % 2).isZero());
    }

    @Test
    void a_unit_is_isolated_from_other_threads_until_it_commits() throws Exception {
        open();
        Account account = newAccount(minutes(0));
        CompletableFuture<Boolean> seenByOther = new CompletableFuture<>();

        assertThatThrownBy(() -> tx.run(() -> {
                    accounts.save(account);
                    Thread.ofPlatform().start(() -> {
                        try {
                            seenByOther.complete(accounts.find(account.id()).isPresent());
                        } catch (Throwable e) {
                            seenByOther.completeExceptionally(e);
                        }
                    });
                    try {
                        // A store that reads committed data answers at once; one that serialises makes the reader wait.
                        seenByOther.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException serialised) {
                        // the reader waits for this unit to end
                    } catch (InterruptedException | ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new Boom("never committed");
                }))
                .isInstanceOf(Boom.class);

        assertThat(seenByOther.get(30, TimeUnit.SECONDS))
                .as("another thread never sees uncommitted work")
                .isFalse();
        assertThat(accounts.find(account.id())).isEmpty();
    }
}
