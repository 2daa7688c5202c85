package ai.kaptura.adapter.persistence;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * bucket4j's select-for-update protocol on embedded H2: the statements of its
 * {@code PostgreSQLSelectForUpdateBasedProxyManager} but one. H2 2.5 in PostgreSQL mode parses
 * {@code INSERT ... ON CONFLICT DO NOTHING} only without a conflict target, and that manager writes
 * {@code ON CONFLICT(key_hash) DO NOTHING}, a syntax error on H2; here the target is left out (the primary
 * key is the only unique constraint of {@code rate_limits}, so the meaning is the same). H2 supports
 * {@code SELECT ... FOR UPDATE} row locks as they are. Used by {@link SqlRateLimits} on H2 only.
 */
final class H2Buckets extends AbstractSelectForUpdateBasedProxyManager<String> {

    private static final String SELECT = "SELECT state FROM rate_limits WHERE key_hash = ? FOR UPDATE";
    private static final String INSERT =
            "INSERT INTO rate_limits (key_hash, state) VALUES (?, NULL) ON CONFLICT DO NOTHING";
    private static final String DELETE = "DELETE FROM rate_limits WHERE key_hash = ?";

    private final DataSource dataSource;
    private final CustomColumnProvider<String> expiresAt;
    private final String update;

    H2Buckets(DataSource dataSource, ClientSideConfig config, CustomColumnProvider<String> expiresAt) {
        super(config);
        this.dataSource = dataSource;
        this.expiresAt = expiresAt;
        this.update = "UPDATE rate_limits SET state = ?, " + expiresAt.getCustomFieldName() + " = ? WHERE key_hash = ?";
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new BucketExceptions.BucketExecutionException(e);
        }
        return new SelectForUpdateBasedTransaction() {
            @Override
            public void begin(Optional<Long> timeoutNanos) {
                run(() -> connection.setAutoCommit(false));
            }

            @Override
            public void rollback() {
                run(connection::rollback);
            }

            @Override
            public void commit(Optional<Long> timeoutNanos) {
                run(connection::commit);
            }

            @Override
            public LockAndGetResult tryLockAndGet(Optional<Long> timeoutNanos) {
                try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                    select.setString(1, key);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? LockAndGetResult.locked(row.getBytes(1)) : LockAndGetResult.notLocked();
                    }
                } catch (SQLException e) {
                    throw new BucketExceptions.BucketExecutionException(e);
                }
            }

            @Override
            public boolean tryInsertEmptyData(Optional<Long> timeoutNanos) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setString(1, key);
                    return insert.executeUpdate() > 0;
                } catch (SQLException e) {
                    throw new BucketExceptions.BucketExecutionException(e);
                }
            }

            @Override
            public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeoutNanos) {
                try (PreparedStatement statement = connection.prepareStatement(update)) {
                    statement.setBytes(1, data);
                    expiresAt.setCustomField(key, 2, statement, newState, currentTimeNanos());
                    statement.setString(3, key);
                    statement.executeUpdate();
                } catch (SQLException e) {
                    throw new BucketExceptions.BucketExecutionException(e);
                }
            }

            @Override
            public void release() {
                run(connection::close);
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new BucketExceptions.BucketExecutionException(e);
        }
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void run(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            throw new BucketExceptions.BucketExecutionException(e);
        }
    }
}
