package ai.kaptura.adapter.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The databases the persistence tests run on: embedded H2 in PostgreSQL mode, and a real PostgreSQL
 * ({@code KAPTURA_TEST_DATABASE_URL}, else 127.0.0.1:5432 database {@code test} as user
 * {@code postgres}). PostgreSQL tests never skip: an unreachable server fails them with a message saying
 * how to start one. Each test run works in a schema of its own, dropped when the JVM exits, so
 * concurrent builds on one server do not meet.
 */
final class TestDatabases {

    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final AtomicInteger H2_COUNTER = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger PG_COUNTER = new AtomicInteger();

    private TestDatabases() {}

    private static Database sharedH2;
    private static Database sharedPostgres;
    /** How to open another pool on each database opened here. */
    private static final Map<Database, Supplier<Database>> OTHER_POOLS = new ConcurrentHashMap<>();

    /**
     * The migrated H2 database the test classes share (reset it before each test); shared so that a
     * run opens one pool, not one per class.
     */
    static synchronized Database h2() {
        if (sharedH2 == null) {
            sharedH2 = freshH2();
        }
        return sharedH2;
    }

    /** The migrated PostgreSQL schema the test classes share (reset it before each test). */
    static synchronized Database postgres() {
        if (sharedPostgres == null) {
            sharedPostgres = freshPostgres();
        }
        return sharedPostgres;
    }

    /** A fresh, migrated, in-memory H2 database of its own (close it). */
    static Database freshH2() {
        String url = "jdbc:h2:mem:kaptura" + H2_COUNTER.incrementAndGet()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Database db = Database.open(
                Optional.of(url), Optional.empty(), Optional.empty(), Path.of("target"), Optional.empty(), 10);
        Migrations.migrate(db, null);
        OTHER_POOLS.put(
                db,
                () -> Database.open(
                        Optional.of(url), Optional.empty(), Optional.empty(), Path.of("target"), Optional.empty(), 10));
        return db;
    }

    /**
     * A second pool on the very database {@code db} is (opened by this class), as a second node has: same
     * tables and rows, its own connections (close it).
     */
    static Database anotherNodeOn(Database db) {
        Supplier<Database> other = OTHER_POOLS.get(db);
        if (other == null) {
            throw new IllegalArgumentException("Only a database opened by TestDatabases has another node");
        }
        return other.get();
    }

    static String postgresUrl() {
        String env = System.getenv("KAPTURA_TEST_DATABASE_URL");
        return env == null || env.isBlank() ? DEFAULT_POSTGRES_URL : env;
    }

    static Optional<String> postgresUser() {
        return postgresUrl().contains("user=") ? Optional.empty() : Optional.of("postgres");
    }

    /**
     * A fresh, migrated schema on the test PostgreSQL of its own (close it), dropped when the JVM exits.
     *
     * @throws IllegalStateException with instructions if PostgreSQL cannot be reached
     */
    static Database freshPostgres() {
        requireReachable();
        String schema = "kaptura_test_" + RUN + "_" + PG_COUNTER.incrementAndGet();
        Database db = Database.open(
                Optional.of(postgresUrl()),
                postgresUser(),
                Optional.empty(),
                Path.of("target"),
                Optional.of(schema),
                10);
        Migrations.migrate(db, schema);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
        OTHER_POOLS.put(
                db,
                () -> Database.open(
                        Optional.of(postgresUrl()),
                        postgresUser(),
                        Optional.empty(),
                        Path.of("target"),
                        Optional.of(schema),
                        10));
        return db;
    }

    private static void requireReachable() {
        try (Connection c = connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL is not reachable at " + postgresUrl() + " (" + e.getMessage() + ")."
                            + " The persistence tests need it and never skip: start it (Debian: pg_ctlcluster 15 main start;"
                            + " ./kaptura test does this for you) or point KAPTURA_TEST_DATABASE_URL at one.",
                    e);
        }
    }

    private static Connection connect() throws SQLException {
        return postgresUser().isPresent()
                ? DriverManager.getConnection(postgresUrl(), postgresUser().get(), null)
                : DriverManager.getConnection(postgresUrl());
    }

    static void dropSchema(String schema) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    /** Empties every Kaptura table (the migration history stays), restoring the audit chain's genesis. */
    static void reset(Database db) {
        List<String> tables = List.of(
                "erasure_item_evidence",
                "erasure_items",
                "privacy_requests",
                "audit_log",
                "audit_head",
                "consent_records",
                "notices",
                "policy_versions",
                "headshots",
                "selfie_advice",
                "selfies",
                "order_status_changes",
                "order_checkouts",
                "orders",
                "deletion_evidence",
                "age_attestations",
                "accounts",
                "sign_in_challenges",
                "sessions",
                "cookie_choices",
                "data_keys",
                "processed_events",
                "processors",
                "scheduled_tasks",
                "dead_jobs",
                "rate_limits",
                "alarms",
                "deletion_records",
                "vendor_objects",
                "mail_holds",
                "legal_holds",
                "sandbox_records",
                "sandbox_blobs");
        db.run(() -> {
            if (db.isPostgres()) {
                // The audit log refuses TRUNCATE by trigger (V101); a test starting afresh is the administrator who
                // switches triggers off for its own transaction.
                db.ctx().execute("SET LOCAL session_replication_role = replica");
                db.ctx().execute("TRUNCATE TABLE " + String.join(", ", tables) + " CASCADE");
            } else {
                db.ctx().execute("SET REFERENTIAL_INTEGRITY FALSE");
                tables.forEach(t -> db.ctx().execute("TRUNCATE TABLE " + t));
                db.ctx().execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
            db.ctx().execute("INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '" + "0".repeat(64) + "')");
            // With triggers off nothing is announced: this node forgets what it remembered itself.
            db.nowAndAtEnd(() -> db.caches().forgetAll());
        });
    }
}
