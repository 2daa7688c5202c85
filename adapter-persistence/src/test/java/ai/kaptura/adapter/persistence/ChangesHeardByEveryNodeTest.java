package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.T0;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.draft;
import static ai.kaptura.ports.out.contract.ContractFixtures.draftWithSelfies;
import static ai.kaptura.ports.out.contract.ContractFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.signin.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, each with its own pool and its own memory of the signed-in read
 * ({@link ReadCaches}): what one node changes — a sign-out, an erasure, an order's step — the other stops answering
 * from memory within a second, because PostgreSQL announces the change at commit ({@code V103}) and the other node
 * listens ({@link ChangeListener}). A node that cannot listen keeps nothing in memory.
 */
@Tag("R47")
class ChangesHeardByEveryNodeTest {

    /** The bound: a sign-out or an erasure on one node is honoured by the others within a second. */
    private static final Duration HONOURED_WITHIN = Duration.ofSeconds(1);

    private static Database first;
    private static Database second;
    private SqlSessions sessionsOnFirst;
    private SqlSessions sessionsOnSecond;
    private SqlOrders ordersOnFirst;
    private SqlOrders ordersOnSecond;

    @BeforeAll
    static void twoNodes() {
        first = TestDatabases.freshPostgres();
        second = TestDatabases.anotherNodeOn(first);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @BeforeEach
    void listening() {
        TestDatabases.reset(first);
        second.caches().forgetAll();
        sessionsOnFirst = new SqlSessions(first);
        sessionsOnSecond = new SqlSessions(second);
        ordersOnFirst = new SqlOrders(first);
        ordersOnSecond = new SqlOrders(second);
        waitFor(() -> first.caches().on() && second.caches().on(), Duration.ofSeconds(10));
    }

    @Test
    void a_read_on_a_listening_node_is_answered_from_memory_the_second_time() {
        Session s = session(accountId(), T0, T0);
        sessionsOnFirst.save(s);
        long loads = second.caches().sessions().loads();

        assertThat(sessionsOnSecond.find(s.tokenHash())).contains(s);
        assertThat(sessionsOnSecond.find(s.tokenHash())).contains(s);

        assertThat(second.caches().sessions().loads() - loads).isEqualTo(1);
    }

    @Test
    void a_sign_out_on_one_node_is_honoured_by_the_other_within_a_second() {
        Session s = session(accountId(), T0, T0);
        sessionsOnFirst.save(s);
        assertThat(sessionsOnSecond.find(s.tokenHash())).contains(s);
        assertThat(sessionsOnSecond.find(s.tokenHash())).contains(s); // now from the second node's memory

        long signedOut = System.nanoTime();
        sessionsOnFirst.delete(s.tokenHash());

        // The node that signed out reads its own write at once.
        assertThat(sessionsOnFirst.find(s.tokenHash())).isEmpty();
        Duration took = waitFor(() -> sessionsOnSecond.find(s.tokenHash()).isEmpty(), HONOURED_WITHIN);
        System.out.printf("sign-out honoured by the other node after %.1f ms%n", took.toNanos() / 1e6);
        assertThat(Duration.ofNanos(System.nanoTime() - signedOut)).isLessThan(HONOURED_WITHIN);
    }

    @Test
    void an_erasure_on_one_node_ends_the_sessions_and_the_orders_the_other_remembered_within_a_second() {
        AccountId person = accountId();
        Session s = session(person, T0, T0);
        sessionsOnFirst.save(s);
        Order order = ordersOnFirst.save(draft(person, T0), Optional.empty());
        assertThat(sessionsOnSecond.find(s.tokenHash())).isPresent();
        assertThat(ordersOnSecond.find(order.id())).isPresent();
        assertThat(ordersOnSecond.find(order.id())).isPresent();

        // What erasure does to these two: every session of the person ends, the order goes.
        sessionsOnFirst.deleteAllOf(person);
        ordersOnFirst.delete(order.id());

        waitFor(
                () -> sessionsOnSecond.find(s.tokenHash()).isEmpty()
                        && ordersOnSecond.find(order.id()).isEmpty(),
                HONOURED_WITHIN);
    }

    @Test
    void an_order_step_on_one_node_is_seen_by_the_other_within_a_second_and_by_itself_at_once() {
        Order order = ordersOnFirst.save(draftWithSelfies(accountId(), T0, 8), Optional.empty());
        assertThat(ordersOnSecond.find(order.id())).contains(order);
        assertThat(ordersOnFirst.find(order.id())).contains(order);

        Order next = ordersOnFirst.save(order.awaitPayment(T0.plusSeconds(60)), Optional.empty());

        assertThat(ordersOnFirst.find(order.id())).contains(next);
        waitFor(() -> ordersOnSecond.find(order.id()).equals(Optional.of(next)), HONOURED_WITHIN);
    }

    @Test
    void advice_recorded_on_one_node_is_shown_by_the_other_within_a_second() {
        Order order = ordersOnFirst.save(draftWithSelfies(accountId(), T0, 8), Optional.empty());
        SelfieId selfie = order.selfies().get(0).id();
        SqlSelfieAdvices advicesOnFirst = new SqlSelfieAdvices(first);
        SqlSelfieAdvices advicesOnSecond = new SqlSelfieAdvices(second);
        assertThat(advicesOnSecond.of(order.id())).isEmpty();
        assertThat(advicesOnSecond.of(order.id())).isEmpty(); // kept: no advice yet is an answer too

        SelfieAdvice blurry = new SelfieAdvice(Set.of(AdviceFlag.BLURRY), Optional.empty());
        advicesOnFirst.record(order.id(), selfie, blurry);

        assertThat(advicesOnFirst.of(order.id())).containsEntry(selfie, blurry);
        waitFor(() -> advicesOnSecond.of(order.id()).containsKey(selfie), HONOURED_WITHIN);

        advicesOnFirst.forget(selfie);
        assertThat(advicesOnFirst.of(order.id())).isEmpty();
        waitFor(() -> advicesOnSecond.of(order.id()).isEmpty(), HONOURED_WITHIN);
    }

    @Test
    void a_change_written_by_hand_in_sql_is_heard_too() throws SQLException {
        Session s = session(accountId(), T0, T0);
        sessionsOnFirst.save(s);
        assertThat(sessionsOnSecond.find(s.tokenHash())).isPresent();
        assertThat(sessionsOnSecond.find(s.tokenHash())).isPresent();

        try (Connection c = connect(first);
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "DELETE FROM sessions WHERE token_hash = '" + s.tokenHash().hex() + "'");
        }

        waitFor(() -> sessionsOnSecond.find(s.tokenHash()).isEmpty(), HONOURED_WITHIN);
    }

    @Test
    void a_node_whose_listener_is_cut_keeps_nothing_until_it_listens_again() throws SQLException {
        Session s = session(accountId(), T0, T0);
        sessionsOnFirst.save(s);

        try (Connection c = connect(first);
                Statement st = c.createStatement()) {
            st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'kaptura change listener' AND datname = current_database()");
        }
        waitFor(() -> !second.caches().on(), Duration.ofSeconds(5));
        long loads = second.caches().sessions().loads();
        sessionsOnSecond.find(s.tokenHash());
        sessionsOnSecond.find(s.tokenHash());
        assertThat(second.caches().sessions().loads() - loads).isEqualTo(2);

        waitFor(() -> second.caches().on(), Duration.ofSeconds(10));
        sessionsOnSecond.find(s.tokenHash());
        sessionsOnSecond.find(s.tokenHash());
        assertThat(second.caches().sessions().loads() - loads).isEqualTo(3);
    }

    @Test
    void work_that_reads_fresh_sees_a_commit_the_memory_has_not_heard_of_yet() throws SQLException {
        Order order = ordersOnFirst.save(draftWithSelfies(accountId(), T0, 8), Optional.empty());
        assertThat(ordersOnSecond.find(order.id())).contains(order);
        assertThat(ordersOnSecond.find(order.id())).contains(order);

        // A commit whose announcement has not reached the second node yet: written with the triggers off, so it never
        // will, which holds open the few milliseconds between another node's commit and its announcement.
        try (Connection c = connect(first);
                Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica");
            st.executeUpdate("UPDATE orders SET version = version + 1 WHERE id = '" + order.id() + "'");
        }

        assertThat(ordersOnSecond.find(order.id()).orElseThrow().version())
                .as("the memory, not told")
                .isEqualTo(order.version());
        long[] fresh = new long[1];
        second.readingFresh(
                () -> fresh[0] = ordersOnSecond.find(order.id()).orElseThrow().version());
        assertThat(fresh[0]).as("a job's read (readingFresh)").isEqualTo(order.version() + 1);
        assertThat(second.readsFresh()).as("only while the work runs").isFalse();
    }

    @Test
    void a_transaction_reads_the_database_not_the_memory() {
        Order order = ordersOnFirst.save(draftWithSelfies(accountId(), T0, 8), Optional.empty());
        ordersOnFirst.find(order.id());
        long loads = first.caches().orders().loads();

        first.run(() -> ordersOnFirst.find(order.id()));

        // Inside a transaction the read is not the cache's (it bypasses it entirely: no load counted either),
        // and the order found there can be saved at its version.
        assertThat(first.caches().orders().loads()).isEqualTo(loads);
        first.run(() -> ordersOnFirst.save(
                ordersOnFirst.find(order.id()).orElseThrow().awaitPayment(T0.plusSeconds(1)), Optional.empty()));
    }

    private static Connection connect(Database db) throws SQLException {
        Connection c = DriverManager.getConnection(TestDatabases.postgresUrl(), "postgres", "");
        c.setSchema(schemaOf(db));
        return c;
    }

    private static String schemaOf(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return c.getSchema();
        }
    }

    /** Polls {@code condition} every few milliseconds; fails if it does not hold within {@code within}. */
    private static Duration waitFor(BooleanSupplier condition, Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("did not hold within " + within);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
