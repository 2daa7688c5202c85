package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The persistence benchmark's Java half (bench/persistence.sh runs it and pgbench on the same server):
 * <ol>
 *   <li>(a) order state transitions per second, each one transaction that reads the order, moves it,
 *       saves it with its retention index, appends an audit entry and enqueues a job — what every step
 *       of the pipeline costs;</li>
 *   <li>(c) the retention sweep's query with no order that is not due, and with 1,000,000 of them.</li>
 * </ol>
 * Arguments: {@code --clients N --seconds S --rounds R}; (a) is measured in R windows of S seconds and the
 * median printed as {@code transitions_per_second}. With {@code --without-announcements}, only (a), with the triggers
 * that announce changes to every node switched off (keys prefixed {@code silent_}): what that coherence costs. Prints {@code key=value} lines for the script.
 */
public final class PersistenceBench {

    private PersistenceBench() {}

    public static void main(String[] args) throws Exception {
        int clients = Bench.intArg(args, "--clients", 8);
        int seconds = Bench.intArg(args, "--seconds", 20);
        int rounds = Bench.intArg(args, "--rounds", 3);
        boolean silent = Arrays.asList(args).contains("--without-announcements");
        try (Database db = Bench.postgres("kaptura_bench", clients)) {
            if (silent) {
                // What the cross-node announcements (V103, V104) cost the writes: the same transitions with their
                // triggers switched off. Only for this measurement: without them no node hears another's changes.
                for (String table : List.of(
                        "sessions",
                        "orders",
                        "order_status_changes",
                        "selfies",
                        "headshots",
                        "order_checkouts",
                        "selfie_advice")) {
                    db.run(() -> db.ctx().execute("ALTER TABLE " + table + " DISABLE TRIGGER USER"));
                }
                transitions(db, clients, seconds, rounds, "silent_");
                return;
            }
            transitions(db, clients, seconds, rounds, "");
            retentionQuery(db);
        }
    }

    /**
     * Measures (a) on {@code db} (migrated) and prints its figures, each key prefixed with {@code prefix}; answers the
     * median transitions per second. {@link DurableCommitsBench} runs it on the embedded database too.
     */
    static double transitions(Database db, int clients, int seconds, int rounds, String prefix)
            throws InterruptedException {
        SqlOrders orders = new SqlOrders(db);
        SqlAuditLog audit = new SqlAuditLog(db);
        JobTable jobs = new JobTable(db);
        Plan plan = new Plan(
                new PlanId("bench"),
                "Bench",
                8,
                1,
                Money.of(2900, "EUR"),
                List.of(new Style(new StyleId("studio"), "Studio", "a studio headshot")));
        // Enough orders that each sees a handful of transitions in a run, as an order does in its life
        // (about ten); a few orders moved thousands of times would measure an ever-growing history instead.
        int perClient = 250;
        List<List<OrderId>> owned = new ArrayList<>();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int c = 0; c < clients; c++) {
            List<OrderId> mine = new ArrayList<>();
            for (int i = 0; i < perClient; i++) {
                Order order = Order.draft(
                        new OrderId(UUID.randomUUID()),
                        new AccountId(UUID.randomUUID()),
                        plan,
                        List.of(new StyleId("studio")),
                        start);
                for (int s = 0; s < 8; s++) {
                    SelfieId id = new SelfieId(UUID.randomUUID());
                    order = order.addSelfie(new Selfie.Stored(
                                    id,
                                    new PhotoRef("selfie/" + order.account() + "/" + id),
                                    Digest.sha256(id.toString()),
                                    3_000_000L,
                                    start))
                            .orElseThrow();
                }
                mine.add(orders.save(order, Optional.of(start.plus(Duration.ofDays(7))))
                        .id());
            }
            owned.add(mine);
        }
        AtomicLong counter = new AtomicLong();
        List<Double> perRound = Bench.perSecond(
                clients,
                c -> {
                    List<OrderId> mine = owned.get(c);
                    int[] next = {0};
                    return () -> {
                        OrderId id = mine.get(next[0]++ % mine.size());
                        db.run(() -> {
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            Order order = orders.find(id).orElseThrow();
                            Order moved = order.status() == OrderStatus.DRAFT
                                    ? order.awaitPayment(now)
                                    : order.backToDraft("bench", now);
                            orders.save(moved, Optional.of(now.plus(Duration.ofDays(7))));
                            jobs.enqueue(new Job(
                                    JobKind.SEND_EMAIL,
                                    "bench:" + counter.incrementAndGet(),
                                    "ORDER_CONFIRMED " + id,
                                    now.plus(Duration.ofDays(365))));
                            // Last: the audit append holds the chain's head until commit.
                            audit.append(AuditEvent.of(
                                    now,
                                    Actor.SYSTEM,
                                    AuditAction.CHECKOUT_STARTED,
                                    Subject.of("order", id),
                                    Rule.R46));
                        });
                    };
                },
                Math.min(5_000, seconds * 250L), // warm-up
                seconds,
                rounds);
        System.out.printf("%sclients=%d%n", prefix, clients);
        for (int r = 0; r < perRound.size(); r++) {
            System.out.printf("%sround_%d_transitions_per_second=%.1f%n", prefix, r + 1, perRound.get(r));
        }
        List<Double> sorted = perRound.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        System.out.printf("%stransitions_per_second=%.1f%n", prefix, median);
        return median;
    }

    private static void retentionQuery(Database db) {
        SqlOrders orders = new SqlOrders(db);
        db.run(() -> db.ctx().execute("TRUNCATE TABLE orders CASCADE"));
        insertOrders(db, 100, "now() - interval '1 hour'");
        double empty = timeDueQuery(db, orders);
        insertOrders(db, 1_000_000, "now() + interval '30 days'");
        double full = timeDueQuery(db, orders);
        System.out.printf("retention_query_ms_with_0_not_due=%.3f%n", empty);
        System.out.printf("retention_query_ms_with_1000000_not_due=%.3f%n", full);
    }

    /** Bulk rows for the retention query (PostgreSQL's generate_series: this is the bench, not the product). */
    private static void insertOrders(Database db, int count, String dueExpression) {
        db.run(() -> db.ctx()
                .execute("INSERT INTO orders (id, account_id, plan, headshots_ordered, price_minor, currency, styles,"
                        + " status, checkout_attempts, last_activity_at, created_at, retention_due_at, version)"
                        + " SELECT gen_random_uuid(), gen_random_uuid(), 'bench', 8, 2900, 'EUR', 'studio', 'DELIVERED', 1, now(), now(), "
                        + dueExpression + ", 1 FROM generate_series(1, " + count + ")"));
        db.run(() -> db.ctx().execute("ANALYZE orders"));
    }

    private static double timeDueQuery(Database db, SqlOrders orders) {
        Instant now = Instant.now();
        for (int i = 0; i < 50; i++) {
            orders.dueForRetention(now, 500);
        }
        int rounds = 500;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            if (orders.dueForRetention(now, 500).size() != 100) {
                throw new IllegalStateException("the due orders were not all found");
            }
        }
        return (System.nanoTime() - t0) / 1e6 / rounds;
    }
}
