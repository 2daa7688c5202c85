package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SESSIONS;
import static org.jooq.impl.DSL.excluded;

import ai.kaptura.adapter.persistence.schema.tables.records.SessionsRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.out.Sessions;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * {@link Sessions} in the {@code sessions} table, keyed by token hash. Every save also stores
 * {@link Session#endsAt()} in {@code ends_at}, so removing ended sessions is one delete on its index.
 */
final class SqlSessions implements Sessions {

    private final Database db;
    /** Sessions this node remembers (on PostgreSQL, while it hears every change: {@link ReadCaches}). */
    private final ReadCache<String, Session> remembered;
    /** The read on every signed-in request: rendered once. */
    private final RenderedQuery byTokenHash;

    SqlSessions(Database db) {
        this.db = db;
        this.remembered = db.caches().sessions();
        this.byTokenHash = new RenderedQuery(
                db, DSL.selectFrom(SESSIONS).where(SESSIONS.TOKEN_HASH.eq(DSL.param("token_hash", String.class))), 1);
    }

    @Override
    public void save(Session s) {
        SessionsRecord row = new SessionsRecord();
        row.setTokenHash(s.tokenHash().hex());
        row.setAccountId(s.account().value());
        row.setRole(s.role().name());
        row.setCreatedAt(s.createdAt());
        row.setLastSeenAt(s.lastSeenAt());
        row.setEndsAt(s.endsAt());
        db.run(() -> {
            db.nowAndAtEnd(() -> remembered.forget(s.tokenHash().hex()));
            db.ctx()
                    .insertInto(SESSIONS)
                    .set(ColumnLengths.checked(row))
                    .onConflict(SESSIONS.TOKEN_HASH)
                    .doUpdate()
                    .set(SESSIONS.ACCOUNT_ID, excluded(SESSIONS.ACCOUNT_ID))
                    .set(SESSIONS.ROLE, excluded(SESSIONS.ROLE))
                    .set(SESSIONS.CREATED_AT, excluded(SESSIONS.CREATED_AT))
                    .set(SESSIONS.LAST_SEEN_AT, excluded(SESSIONS.LAST_SEEN_AT))
                    .set(SESSIONS.ENDS_AT, excluded(SESSIONS.ENDS_AT))
                    .execute();
        });
    }

    @Override
    public Optional<Session> find(Digest tokenHash) {
        String hex = tokenHash.hex();
        return Optional.ofNullable(
                db.remembered(remembered, hex, () -> load(hex).orElse(null)));
    }

    private Optional<Session> load(String tokenHash) {
        return db.read(
                ctx -> byTokenHash.fetch(ctx, tokenHash).stream().findFirst().map(r -> session(r.into(SESSIONS))));
    }

    @Override
    public void delete(Digest tokenHash) {
        forgetting(s -> s.tokenHash().equals(tokenHash), SESSIONS.TOKEN_HASH.eq(tokenHash.hex()));
    }

    @Override
    public int deleteAllOf(AccountId account) {
        return forgetting(s -> s.account().equals(account), SESSIONS.ACCOUNT_ID.eq(account.value()));
    }

    @Override
    public int deleteAllOfExcept(AccountId account, Digest keep) {
        return forgetting(
                s -> s.account().equals(account) && !s.tokenHash().equals(keep),
                SESSIONS.ACCOUNT_ID.eq(account.value()).and(SESSIONS.TOKEN_HASH.ne(keep.hex())));
    }

    @Override
    public int deleteEndedBefore(Instant before) {
        return forgetting(s -> s.endsAt().isBefore(before), SESSIONS.ENDS_AT.lt(before));
    }

    /** Deletes the rows {@code where} picks; this node forgets the sessions {@code which} picks, now and at commit. */
    private int forgetting(Predicate<Session> which, Condition where) {
        return db.inTransaction(() -> {
            db.nowAndAtEnd(() -> remembered.forgetWhere(which));
            return db.delete(SESSIONS, where);
        });
    }

    private static Session session(SessionsRecord r) {
        return new Session(
                new Digest(r.getTokenHash()),
                new AccountId(r.getAccountId()),
                Session.Role.valueOf(r.getRole()),
                r.getCreatedAt(),
                r.getLastSeenAt());
    }
}
