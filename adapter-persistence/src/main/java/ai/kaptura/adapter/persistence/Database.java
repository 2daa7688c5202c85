package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.InvalidInput;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The connection pool, the jOOQ context and the transaction bound to the current thread. Every
 * repository works through {@link #ctx()}: inside {@link #inTransaction} that is the transaction's
 * context, so a use case's state, audit entries and jobs commit together (STYLE 9); outside it, each
 * repository call runs in a transaction of its own, or, if it is a single read ({@link #read}), in auto-commit.
 *
 * <p>What a repository keeps for the length of one transaction (such as what it read, to compare a save with) is kept
 * here too, beside the transaction's context ({@link #transactionState}): it ends when the transaction does.
 */
final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final SQLDialect dialect;
    private final DSLContext root;
    /** The transaction open on this thread, if one is. */
    private final ThreadLocal<Open> current = new ThreadLocal<>();

    private final String description;
    private final Optional<EmbeddedStore> embedded;
    /** The signed-in read kept in memory while every change to it is heard (on PostgreSQL only). */
    private final ReadCaches caches = new ReadCaches();
    /** Hears those changes; empty on H2, where the caches stay off. */
    private Optional<ChangeListener> listener = Optional.empty();

    private Database(HikariDataSource pool, SQLDialect dialect, String description, Optional<EmbeddedStore> embedded) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
        this.embedded = embedded;
        Settings settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withExecuteLogging(false);
        this.root = DSL.using(pool, dialect, settings);
    }

    /**
     * Opens a pool. {@code jdbcUrl} empty means the embedded H2 file database under {@code dataDir};
     * a {@code jdbc:postgresql:} URL means PostgreSQL; {@code schema}, if given, is where every table
     * lives (tests use one schema per run). A {@code jdbc:h2:} URL is this package's own (the embedded
     * default's, and its tests' in-memory databases): what may be configured is {@link #configuredUrlProblem}'s rule.
     */
    static Database open(
            Optional<String> jdbcUrl,
            Optional<String> user,
            Optional<String> password,
            Path dataDir,
            Optional<String> schema,
            int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        String url = jdbcUrl.filter(u -> !u.isBlank()).orElseGet(() -> embeddedUrl(dataDir));
        SQLDialect dialect;
        if (url.startsWith("jdbc:postgresql:")) {
            dialect = SQLDialect.POSTGRES;
            config.setConnectionInitSql(PostgresDurability.SESSION_SETTING);
        } else if (url.startsWith("jdbc:h2:")) {
            dialect = SQLDialect.H2;
            SyncedFiles.register();
        } else {
            throw new IllegalArgumentException(URL_RULE);
        }
        config.setJdbcUrl(url);
        user.filter(u -> !u.isBlank()).ifPresent(config::setUsername);
        password.filter(p -> !p.isEmpty()).ifPresent(config::setPassword);
        schema.ifPresent(config::setSchema);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setPoolName("kaptura");
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        boolean embedded = url.equals(embeddedUrl(dataDir));
        // The embedded file is rewritten after an erasure with the pool paused (EmbeddedStore.rewrite).
        config.setAllowPoolSuspension(embedded);
        if (embedded) {
            // A file a crash left may hold commits H2's usual open would not find (EmbeddedStore.recoverNewest).
            EmbeddedStore.recoverNewest(embeddedFile(dataDir));
        }
        HikariDataSource pool = new HikariDataSource(config);
        Database db = new Database(
                pool,
                dialect,
                redact(url),
                embedded ? Optional.of(new EmbeddedStore(pool, url, embeddedFile(dataDir))) : Optional.empty());
        if (dialect == SQLDialect.POSTGRES) {
            try {
                PostgresDurability.check(db);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            db.listener = Optional.of(ChangeListener.start(pool, db.caches));
        }
        if (embedded) {
            // The pool's first connection created the file: its directory entries must survive a power cut too.
            Path file = embeddedFile(dataDir);
            SyncedFiles.syncDirectory(file.getParent());
            SyncedFiles.syncDirectory(file.getParent().getParent());
        }
        return db;
    }

    /**
     * The embedded H2 file database under {@code dataDir}, durable before it answers: {@code WRITE_DELAY=0} makes each
     * commit write its changes to the file before it returns (H2's default, 500 ms, writes them up to a second later,
     * so a {@code kill -9} lost what it had acknowledged), and the {@link SyncedFiles} file system forces each write to
     * the device before the next one, so a power cut does not lose it either. H2's {@code RETENTION_TIME} stays at its
     * default (45 s): H2 reuses a dead chunk's space only that long after it died, and its recovery relies on that
     * (replaying cut files with a shorter retention lost commits that had answered, see {@code PowerCutTest}). The
     * price: every commit of the last 45 s keeps a chunk of its own in the file, so the file grows with the commit
     * rate (about 20 KB per commit) before its space is reused.
     */
    static String embeddedUrl(Path dataDir) {
        Path base = embeddedFile(dataDir).getParent().resolve("kaptura");
        return "jdbc:h2:" + SyncedFiles.SCHEME + ":" + base
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    /** The embedded database's one file. */
    static Path embeddedFile(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("db").resolve("kaptura.mv.db");
    }

    /** What {@link #configuredUrlProblem} says, never quoting the URL (it may carry a password in more than one form). */
    /** The threads running {@link #readingFresh} work (a job's or a recurring task's thread, while it runs). */
    private static final ThreadLocal<Boolean> FRESH = ThreadLocal.withInitial(() -> false);

    private static final String URL_RULE =
            "KAPTURA_DATABASE_URL must be a jdbc:postgresql://host:port/database URL, or unset"
                    + " for the embedded database (got something else)";

    /**
     * The one rule for a configured database URL ({@code KAPTURA_DATABASE_URL}): PostgreSQL's, {@code jdbc:postgresql://…};
     * unset is the embedded H2 database, whose URL is never configured. Empty when {@code url} follows it.
     */
    static Optional<String> configuredUrlProblem(String url) {
        return url.startsWith("jdbc:postgresql://") ? Optional.empty() : Optional.of(URL_RULE);
    }

    /** The URL without any password it may carry in its query. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** A transaction open on this thread: its context, and the state repositories keep for its length. */
    private record Open(DSLContext ctx, Map<TransactionState<?>, Object> state, List<Runnable> afterEnd) {}

    /**
     * A kind of state a repository keeps per transaction, like a {@link ThreadLocal} whose values end with the
     * transaction: made by {@code initial} on first use in a transaction, dropped at its commit or rollback.
     */
    static final class TransactionState<S> {
        private final Supplier<S> initial;

        TransactionState(Supplier<S> initial) {
            this.initial = Objects.requireNonNull(initial, "initial");
        }
    }

    DSLContext ctx() {
        Open tx = current.get();
        return tx != null ? tx.ctx() : root;
    }

    /** The transaction's value of {@code kind}, made on first use; empty when no transaction is open on this thread. */
    <S> Optional<S> transactionState(TransactionState<S> kind) {
        Open tx = current.get();
        if (tx == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        S value = (S) tx.state().computeIfAbsent(kind, k -> k.initial.get());
        return Optional.of(value);
    }

    boolean inTransactionNow() {
        return current.get() != null;
    }

    /**
     * Runs {@code work} in a transaction, joining one already open on this thread. The connection is
     * managed here rather than by jOOQ's transaction provider, which asks the server for the isolation
     * level on every begin: one round trip less on every transaction.
     */
    <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        List<Runnable> afterEnd = null;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            boolean committed = false;
            try {
                current.set(
                        new Open(DSL.using(connection, dialect, root.settings()), new HashMap<>(), new ArrayList<>()));
                T result = work.get();
                connection.commit();
                committed = true;
                return result;
            } finally {
                Open open = current.get();
                afterEnd = open == null ? null : open.afterEnd();
                current.remove();
                if (!committed) {
                    rollbackQuietly(connection);
                }
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(new DataAccessException("Transaction failed: " + e.getMessage(), e));
        } catch (DataAccessException e) {
            throw translate(e);
        } finally {
            if (afterEnd != null) {
                afterEnd.forEach(Runnable::run);
            }
        }
    }

    /**
     * Runs {@code work} now and again when the transaction open on this thread ends (committed or not); with none
     * open, only now. For forgetting what a write replaces ({@link ReadCaches}): the second run comes after the
     * commit, so a read between the two cannot keep the replaced value.
     */
    void nowAndAtEnd(Runnable work) {
        work.run();
        Open tx = current.get();
        if (tx != null) {
            tx.afterEnd().add(work);
        }
    }

    /** The node's memory of the signed-in read. */
    ReadCaches caches() {
        return caches;
    }

    /**
     * {@code load}'s answer for {@code key}, from this node's memory {@code cache} outside a transaction; inside one,
     * always from the database: a transaction reads its own snapshot (and a repository may remember what it read there
     * for a save of the same version).
     */
    <K, V> V remembered(ReadCache<K, V> cache, K key, Supplier<V> load) {
        return inTransactionNow() || readsFresh() ? load.get() : cache.get(key, load);
    }

    /**
     * Runs {@code work} with every read on this thread going to the database, in a transaction or not: for work that
     * decides on what it reads and may drop what no longer looks due — the jobs and recurring tasks. Another node's
     * change reaches this node's memory through PostgreSQL's announcement a few milliseconds after its commit, and a job
     * that node enqueued in the same transaction can start here inside that window: read from memory, the order it is
     * about could still look as it was before (an order still training, so "nothing to ask"), and the job would end
     * having done nothing (seen in {@code bench/cluster.sh}: an order never generated).
     */
    void readingFresh(Runnable work) {
        boolean before = FRESH.get();
        FRESH.set(true);
        try {
            work.run();
        } finally {
            FRESH.set(before);
        }
    }

    /** Whether reads on this thread go to the database even outside a transaction ({@link #readingFresh}). */
    boolean readsFresh() {
        return FRESH.get();
    }

    /** After migrating: the listener looks at once whether the schema announces its changes now. */
    void schemaChanged() {
        listener.ifPresent(ChangeListener::schemaChanged);
    }

    /**
     * Runs one statement: in the transaction open on this thread, else on its own pooled connection in
     * auto-commit, which spares the begin and commit round trips a transaction of one read would cost. A
     * single statement reads one snapshot either way.
     */
    <T> T read(Function<DSLContext, T> statement) {
        try {
            return statement.apply(ctx());
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The original failure is what the caller needs; a broken connection is evicted by the pool.
        }
    }

    void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Deletes the rows of {@code table} that {@code where} picks, in a transaction (the caller's if one is open); answers how many. */
    int delete(Table<?> table, Condition where) {
        return inTransaction(() -> ctx().deleteFrom(table).where(where).execute());
    }

    /**
     * Turns a database refusal into what the caller can act on: a value too long for its column is a
     * clear input error (never a silent truncation); a transaction the database rolled back as the loser of a deadlock
     * ({@code 40P01}) or of a serialization conflict ({@code 40001}) is a {@link ConcurrentUpdate}, which a
     * read-decide-write unit runs again from the start (nothing of it was applied); anything else stays a data access
     * failure.
     */
    static RuntimeException translate(DataAccessException e) {
        String state = sqlState(e);
        if ("22001".equals(state)) {
            return new InvalidInput("A value is longer than Kaptura stores for it (" + firstLine(e) + ")");
        }
        if ("40P01".equals(state) || "40001".equals(state)) {
            return new ConcurrentUpdate(firstLine(e));
        }
        return e;
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException dae && dae.sqlState() != null && !"00000".equals(dae.sqlState())) {
                return dae.sqlState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    static boolean isUniqueViolation(Throwable e) {
        return "23505".equals(sqlState(e));
    }

    /**
     * Runs {@code insert}, an INSERT ... ON CONFLICT DO NOTHING, and answers whether it added its row. Where ON CONFLICT
     * is emulated (H2's MERGE), a concurrent insert of the same key can still make it fail once the other row has
     * committed: that too means someone stored it first.
     */
    static boolean inserted(org.jooq.Query insert) {
        try {
            return insert.execute() == 1;
        } catch (DataAccessException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** {@code query} as SQL for this database, binds as {@code ?} (see {@link RenderedQuery}). */
    String render(org.jooq.Query query) {
        return root.render(query);
    }

    SQLDialect dialect() {
        return dialect;
    }

    boolean isPostgres() {
        return dialect == SQLDialect.POSTGRES;
    }

    DataSource dataSource() {
        return pool;
    }

    String description() {
        return description;
    }

    /** The embedded H2 file's upkeep; empty on PostgreSQL and on in-memory H2. */
    Optional<EmbeddedStore> embedded() {
        return embedded;
    }

    @Override
    public void close() {
        listener.ifPresent(ChangeListener::close);
        embedded.ifPresent(EmbeddedStore::close);
        pool.close();
    }
}
