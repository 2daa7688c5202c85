package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.HEADSHOTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDERS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_STATUS_CHANGES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;
import static ai.kaptura.ports.out.contract.ContractFixtures.MODEL;
import static ai.kaptura.ports.out.contract.ContractFixtures.OUTDOOR;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.delivered;
import static ai.kaptura.ports.out.contract.ContractFixtures.draftWithSelfies;
import static ai.kaptura.ports.out.contract.ContractFixtures.generating;
import static ai.kaptura.ports.out.contract.ContractFixtures.headshot;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.paid;
import static ai.kaptura.ports.out.contract.ContractFixtures.selfieEvidence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.contract.Concurrently;
import ai.kaptura.ports.out.contract.OrdersContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlOrders} against the {@link OrdersContract} on H2 and on PostgreSQL, saving both from a fresh
 * transaction and from the transaction that read the order, and what only a database can get wrong.
 */
class SqlOrdersTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends ContractOn {
        OnH2() {
            super(H2, SqlOrders::new);
        }
    }

    @Nested
    class OnPostgres extends ContractOn {
        OnPostgres() {
            super(PG, SqlOrders::new);
        }
    }

    /**
     * The contract again, each save made in a transaction that first reads the order, as a use case
     * does: the save then knows what is stored from that read instead of reading it again.
     */
    @Nested
    class OnPostgresSavingWhatTheTransactionRead extends ContractOn {
        OnPostgresSavingWhatTheTransactionRead() {
            super(PG, ReadThenSave::new);
        }
    }

    @Nested
    class OnH2SavingWhatTheTransactionRead extends ContractOn {
        OnH2SavingWhatTheTransactionRead() {
            super(H2, ReadThenSave::new);
        }
    }

    /** The {@link OrdersContract} on one database, emptied before each test, with the store {@code opened} on it. */
    abstract static class ContractOn extends OrdersContract {
        private final Database db;
        private final Function<Database, Orders> opened;

        ContractOn(Database db, Function<Database, Orders> opened) {
            this.db = db;
            this.opened = opened;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Orders orders() {
            return opened.apply(db);
        }
    }

    /** {@link SqlOrders}, each save preceded by a read of the order in the same transaction. */
    record ReadThenSave(Database db, SqlOrders orders) implements Orders {
        ReadThenSave(Database db) {
            this(db, new SqlOrders(db));
        }

        @Override
        public Order save(Order order, Optional<Instant> nextRetentionDue) {
            return db.inTransaction(() -> {
                orders.find(order.id());
                return orders.save(order, nextRetentionDue);
            });
        }

        @Override
        public Optional<Order> find(OrderId id) {
            return orders.find(id);
        }

        @Override
        public List<Order> ofAccount(AccountId account) {
            return orders.ofAccount(account);
        }

        @Override
        public Optional<Order> findByHeadshot(HeadshotId headshot) {
            return orders.findByHeadshot(headshot);
        }

        @Override
        public List<OrderId> dueForRetention(Instant now, int limit) {
            return orders.dueForRetention(now, limit);
        }

        @Override
        public List<OrderId> inProductionSince(Instant stageBegunBy, int limit) {
            return orders.inProductionSince(stageBegunBy, limit);
        }

        @Override
        public List<OrderId> awaitingModelDeletion(int limit) {
            return orders.awaitingModelDeletion(limit);
        }

        @Override
        public List<OrderId> modelsUnconfirmedSince(Instant trainedBy, int limit) {
            return orders.modelsUnconfirmedSince(trainedBy, limit);
        }

        @Override
        public List<OrderId> stalledSince(Instant stageBegunBy, int limit) {
            return orders.stalledSince(stageBegunBy, limit);
        }

        @Override
        public List<OrderId> withSelfiesPendingDeletion(Instant since, int limit) {
            return orders.withSelfiesPendingDeletion(since, limit);
        }

        @Override
        public List<OrderId> awaitingRefund(int limit) {
            return orders.awaitingRefund(limit);
        }

        @Override
        public Set<PhotoRef> referenced(Collection<PhotoRef> photos) {
            return orders.referenced(photos);
        }

        @Override
        public void delete(OrderId id) {
            orders.delete(id);
        }
    }

    @Nested
    class BeyondTheContractOnH2 extends BeyondTheContract {
        BeyondTheContractOnH2() {
            super(H2);
        }
    }

    @Nested
    class BeyondTheContractOnPostgres extends BeyondTheContract {
        BeyondTheContractOnPostgres() {
            super(PG);
        }

        @Test
        void a_status_change_rewrites_no_child_row_it_did_not_change() {
            Order read = orders.save(generating(accountId(), minutes(0)), Optional.empty());
            Map<String, Object> before = rowVersions(read);

            Order saved = orders.save(read.deliver(minutes(60)), Optional.of(days(1)));

            Map<String, Object> after = rowVersions(saved);
            assertThat(after).hasSize(before.size() + 1).containsAllEntriesOf(before);
            assertThat(orders.find(read.id())).contains(saved);
        }

        @Test
        void deleting_one_selfie_rewrites_that_selfie_row_only() {
            Order read = orders.save(delivered(accountId(), minutes(0)), Optional.empty());
            Selfie pending = read.selfies().stream()
                    .filter(Selfie.PendingDeletion.class::isInstance)
                    .findFirst()
                    .orElseThrow();
            Map<String, Object> before = rowVersions(read);

            Order saved = orders.save(
                    read.selfieDeleted(selfieEvidence(pending, DeletionReason.HEADSHOTS_DELIVERED, minutes(90))),
                    Optional.empty());

            Map<String, Object> after = rowVersions(saved);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            assertThat(after.entrySet().stream()
                            .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                            .map(Map.Entry::getKey))
                    .containsExactly("selfie " + pending.id());
            assertThat(orders.find(read.id())).contains(saved);
        }

        @Test
        void the_retention_sweep_reads_the_due_index_not_the_table() {
            db.run(
                    () -> db.ctx()
                            .execute(
                                    "INSERT INTO orders (id, account_id, plan, headshots_ordered, price_minor, currency, styles,"
                                            + " status, checkout_attempts, last_activity_at, created_at, retention_due_at, version)"
                                            + " SELECT gen_random_uuid(), gen_random_uuid(), 'pro', 40, 2900, 'EUR', 'studio-grey', 'DELIVERED', 1, now(), now(),"
                                            + " CASE WHEN n % 2 = 0 THEN now() + interval '30 days' END, 1 FROM generate_series(1, 50000) AS n"));
            db.run(() -> db.ctx().execute("ANALYZE orders"));

            String plan = db.ctx()
                    .explain(OrderSweeps.dueQuery(db.ctx(), days(0), 100))
                    .plan();

            assertThat(plan).containsIgnoringCase("index").doesNotContainIgnoringCase("seq scan");
        }

        /** Each history, selfie and headshot row of {@code order}, by what it is, with the transaction that last wrote it. */
        private Map<String, Object> rowVersions(Order order) {
            UUID id = order.id().value();
            Map<String, Object> versions = new HashMap<>();
            versions.putAll(xmins("history ", ORDER_STATUS_CHANGES.POSITION, ORDER_STATUS_CHANGES.ORDER_ID.eq(id)));
            versions.putAll(xmins("selfie ", SELFIES.ID, SELFIES.ORDER_ID.eq(id)));
            versions.putAll(xmins("headshot ", HEADSHOTS.ID, HEADSHOTS.ORDER_ID.eq(id)));
            return versions;
        }

        /** The transaction that last wrote each row of {@code key}'s table that {@code where} picks, by {@code label} and key. */
        private Map<String, Object> xmins(String label, TableField<?, ?> key, Condition where) {
            Field<Object> xmin = DSL.field("xmin::text");
            Map<String, Object> versions = new HashMap<>();
            db.ctx()
                    .select(key, xmin)
                    .from(key.getTable())
                    .where(where)
                    .fetch()
                    .forEach(r -> versions.put(label + r.value1(), r.value2()));
            return versions;
        }
    }

    /**
     * What the contract cannot reach: rows edited behind the store's back, values too long for a column,
     * reads racing saves, and saves in the transaction that read the order.
     */
    abstract static class BeyondTheContract {
        final Database db;
        final Orders orders;

        BeyondTheContract(Database db) {
            this.db = db;
            this.orders = new SqlOrders(db);
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Test
        void a_model_deletion_confirmed_at_a_nanosecond_instant_in_the_transaction_that_read_the_order_is_stored() {
            Order stored = orders.save(delivered(accountId(), minutes(0)), Optional.empty());
            orders.find(stored.id()); // read outside any transaction first, as a job does
            Instant at = Instant.parse("2026-11-29T06:53:31.123456789Z");

            db.run(() -> {
                Order read = orders.find(stored.id()).orElseThrow();
                orders.save(
                        read.modelDeletionConfirmed(new DeletionEvidence(
                                DataCategory.VENDOR_MODEL,
                                MODEL.value(),
                                Location.processor("sandbox-generator"),
                                at,
                                DeletionReason.HEADSHOTS_DELIVERED,
                                "deletion asked: deleted (19 files); verified: no record and no file left")),
                        Optional.empty());
            });

            assertThat(orders.find(stored.id()).orElseThrow().model().orElseThrow())
                    .isInstanceOf(VendorModel.DeletionConfirmed.class);
        }

        @Test
        void an_unknown_value_in_an_enum_column_is_a_clear_domain_violation_not_a_guess() {
            Order order = orders.save(delivered(accountId(), minutes(0)), Optional.empty());
            db.run(() -> db.ctx()
                    .execute("UPDATE selfies SET deletion_reason = 'LOST_IN_SPACE' WHERE order_id = '" + order.id()
                            + "' AND state = 'PENDING_DELETION'"));

            assertThatThrownBy(() -> orders.find(order.id()))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("selfies.deletion_reason")
                    .hasMessageContaining("'LOST_IN_SPACE'");

            db.run(() -> db.ctx()
                    .execute("UPDATE selfies SET deletion_reason = 'HEADSHOTS_DELIVERED' WHERE order_id = '"
                            + order.id() + "' AND state = 'PENDING_DELETION'"));
            db.run(() -> db.ctx()
                    .execute("UPDATE order_status_changes SET status = 'ON_HOLD' WHERE order_id = '" + order.id()
                            + "' AND position = 0"));

            assertThatThrownBy(() -> orders.ofAccount(order.account()))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("order_status_changes.status")
                    .hasMessageContaining("'ON_HOLD'");
        }

        @Test
        void a_value_longer_than_its_column_is_invalid_input_and_nothing_of_the_save_is_kept() {
            Order read = orders.save(paid(accountId(), minutes(0)), Optional.of(days(5)));
            String longReason = "The vendor said: " + "ä".repeat(300);

            assertThatThrownBy(() -> orders.save(read.fail(longReason, minutes(20)), Optional.of(days(1))))
                    .isInstanceOf(InvalidInput.class)
                    .hasMessageContaining("longer than Kaptura stores");
            assertThatThrownBy(() -> orders.save(
                            paid(accountId(), minutes(1)).fail(longReason, minutes(21)), Optional.of(days(1))))
                    .isInstanceOf(InvalidInput.class);

            Order draft = orders.save(draftWithSelfies(read.account(), minutes(2), 1), Optional.empty());
            SelfieId selfie = new SelfieId(UUID.randomUUID());
            Selfie.Stored longKey = new Selfie.Stored(
                    selfie,
                    new PhotoRef("selfie" + "s".repeat(200) + "/" + selfie),
                    Digest.sha256("long"),
                    4,
                    minutes(3));
            assertThatThrownBy(() -> orders.save(draft.addSelfie(longKey).orElseThrow(), Optional.empty()))
                    .isInstanceOf(InvalidInput.class)
                    .hasMessageContaining("selfies.photo_key");

            assertThat(orders.find(draft.id())).contains(draft);
            assertThat(orders.find(read.id())).contains(read);
            assertThat(orders.ofAccount(read.account())).containsExactly(draft, read);
            assertThat(orders.dueForRetention(days(4), 10)).isEmpty();
            assertThat(orders.dueForRetention(days(5), 10)).containsExactly(read.id());
        }

        @Test
        void a_read_never_mixes_two_versions_of_an_order_saved_meanwhile() throws Exception {
            AccountId account = accountId();
            List<Order> drafts = new ArrayList<>(List.of(draftWithSelfies(account, minutes(0), 8)));
            List<Order> generating = new ArrayList<>(List.of(generating(account, minutes(-5))));
            for (int i = 1; i <= 200; i++) {
                Order draft = drafts.getLast().withVersion(i - 1);
                drafts.add(
                        i % 2 == 1
                                ? draft.awaitPayment(minutes(i))
                                : draft.backToDraft("checkout expired " + i, minutes(i)));
                generating.add(
                        generating.getLast().withVersion(i - 1).headshotStored(headshot(account, OUTDOOR, minutes(i))));
            }
            Map<OrderId, List<Order>> versions =
                    Map.of(drafts.getFirst().id(), drafts, generating.getFirst().id(), generating);
            AtomicInteger writing = new AtomicInteger(2);
            List<Thread> writers = versions.values().stream()
                    .map(sequence -> Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = 0; i < sequence.size(); i++) {
                                orders.save(sequence.get(i).withVersion(i), Optional.empty());
                            }
                        } finally {
                            writing.decrementAndGet();
                        }
                    }))
                    .toList();

            List<Concurrently.Outcome<Integer>> readers = Concurrently.run(3, thread -> {
                int reads = 0;
                while (writing.get() > 0) {
                    List<Order> read = switch (thread) {
                        case 0 -> orders.find(drafts.getFirst().id()).stream().toList();
                        case 1 ->
                            orders
                                    .findByHeadshot(generating
                                            .getFirst()
                                            .headshots()
                                            .getFirst()
                                            .id())
                                    .stream()
                                    .toList();
                        default -> orders.ofAccount(account);
                    };
                    for (Order order : read) {
                        int version = (int) order.version();
                        assertThat(order)
                                .isEqualTo(versions.get(order.id())
                                        .get(version - 1)
                                        .withVersion(version));
                        reads++;
                    }
                }
                return reads;
            });
            for (Thread writer : writers) {
                writer.join();
            }

            assertThat(readers).allSatisfy(r -> assertThat(r.failed()).isEmpty());
            assertThat(readers).allSatisfy(r -> assertThat(r.value()).isPositive());
        }

        @Test
        void a_save_in_the_transaction_that_read_the_order_still_refuses_a_version_saved_meanwhile() {
            Order stored = orders.save(paid(accountId(), minutes(0)), Optional.of(days(5)));
            Order[] other = new Order[1];

            db.run(() -> {
                Order read = orders.find(stored.id()).orElseThrow();
                Thread elsewhere = Thread.ofPlatform()
                        .start(() -> other[0] =
                                orders.save(stored.trainingStarted(MODEL, minutes(20)), Optional.of(days(6))));
                try {
                    elsewhere.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertThatThrownBy(
                                () -> orders.save(read.cancel("consent withdrawn", minutes(21)), Optional.of(days(1))))
                        .isInstanceOf(ConcurrentUpdate.class);
            });

            assertThat(orders.find(stored.id())).contains(other[0]);
            assertThat(orders.dueForRetention(days(5), 10)).isEmpty();
            assertThat(orders.dueForRetention(days(6), 10)).containsExactly(stored.id());
        }

        @Test
        void one_transaction_can_read_and_save_an_order_several_times() {
            Order stored = orders.save(generating(accountId(), minutes(0)), Optional.empty());

            Order last = db.inTransaction(() -> {
                Order read = orders.find(stored.id()).orElseThrow();
                Order delivered = orders.save(read.deliver(minutes(60)), Optional.empty());
                Order marked = orders.save(
                        delivered.markSelfiesForDeletion(DeletionReason.HEADSHOTS_DELIVERED, minutes(60)),
                        Optional.empty());
                Selfie first = marked.selfies().getFirst();
                Order deleted = orders.save(
                        marked.selfieDeleted(selfieEvidence(first, DeletionReason.HEADSHOTS_DELIVERED, minutes(61))),
                        Optional.empty());
                assertThat(orders.find(stored.id())).contains(deleted);
                return orders.save(
                        deleted.requestModelDeletion(DeletionReason.HEADSHOTS_DELIVERED, minutes(62)),
                        Optional.of(days(1)));
            });

            assertThat(last.version()).isEqualTo(5);
            assertThat(orders.find(stored.id())).contains(last);
            assertThat(orders.awaitingModelDeletion(10)).containsExactly(stored.id());
        }

        @Test
        void a_column_changed_behind_the_stores_back_is_read_as_it_is_and_nothing_else_changes() {
            Order order = orders.save(generating(accountId(), minutes(0)), Optional.empty());
            db.run(() -> db.ctx()
                    .update(ORDERS)
                    .set(ORDERS.CHECKOUT_ATTEMPTS, 7)
                    .set(ORDERS.LAST_ACTIVITY_AT, minutes(99))
                    .where(ORDERS.ID.eq(order.id().value()))
                    .execute());

            Order read = orders.find(order.id()).orElseThrow();

            Order expected = new Order(
                    order.id(),
                    order.account(),
                    order.plan(),
                    order.headshotsOrdered(),
                    order.price(),
                    order.styles(),
                    order.status(),
                    order.history(),
                    order.selfies(),
                    order.payment(),
                    7,
                    order.checkouts(),
                    order.model(),
                    order.headshots(),
                    minutes(99),
                    order.version());
            assertThat(read).isEqualTo(expected);
            assertThat(orders.save(read, Optional.empty())).isEqualTo(expected.withVersion(2));
            assertThat(orders.find(order.id())).contains(expected.withVersion(2));
            assertThat(List.of(db.ctx().fetchCount(SELFIES), db.ctx().fetchCount(HEADSHOTS)))
                    .containsExactly(order.selfies().size(), order.headshots().size());
        }
    }
}
