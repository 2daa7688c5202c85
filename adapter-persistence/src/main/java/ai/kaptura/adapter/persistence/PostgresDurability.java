package ai.kaptura.adapter.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a PostgreSQL server keeps a commit that answered. Its defaults do: {@code fsync = on} flushes the WAL to the
 * device, and {@code synchronous_commit = on} makes {@code COMMIT} wait for that flush, so a commit that answered
 * survives a crash of the server or a power cut ({@code full_page_writes = on} keeps a page torn by the cut
 * repairable from the WAL).
 *
 * <p>What Kaptura does when a server says otherwise: {@code fsync = off} is refused at start, because then no commit is
 * safe from a crash and the cluster itself may be corrupted by one, and only the server's configuration can change it.
 * {@code synchronous_commit = off} (for the server, the database or the role) is overridden: Kaptura's connections
 * set it to {@code on} for their own session ({@link #SESSION_SETTING}) and it is logged once; a stronger value
 * ({@code remote_write}, {@code remote_apply}, for synchronous replicas) is kept as it is. {@code full_page_writes = off}
 * is logged: it is safe only on a file system that never tears a page (ZFS, for one).
 */
final class PostgresDurability {

    /**
     * Runs on every new connection: turns {@code synchronous_commit} on for the session if it starts off, and keeps any
     * other value (all of which wait at least for the local flush).
     */
    static final String SESSION_SETTING =
            "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'";

    private static final System.Logger LOG = System.getLogger(PostgresDurability.class.getName());

    /** What the server says, and what Kaptura makes of it. */
    record Verdict(List<String> refusals, List<String> warnings) {}

    private PostgresDurability() {}

    /**
     * Reads the server's settings through {@code db} (opened with {@link #SESSION_SETTING}), logs the warnings, and
     * refuses a server that cannot keep a commit.
     *
     * @throws IllegalStateException naming the setting, if the server would lose acknowledged commits
     */
    static void check(Database db) {
        Map<String, List<String>> settings = new HashMap<>();
        db.read(ctx -> ctx.resultQuery(
                                "SELECT name, setting, reset_val FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
                        .fetch())
                .forEach(r ->
                        settings.put(r.get(0, String.class), List.of(r.get(1, String.class), r.get(2, String.class))));
        Verdict verdict = judge(
                value(settings, "fsync", 0),
                value(settings, "synchronous_commit", 1),
                value(settings, "synchronous_commit", 0),
                value(settings, "full_page_writes", 0));
        verdict.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        if (!verdict.refusals().isEmpty()) {
            throw new IllegalStateException(String.join("; ", verdict.refusals()));
        }
    }

    /** Column 0 is the session's value, 1 the value a new session starts with. */
    private static String value(Map<String, List<String>> settings, String name, int column) {
        List<String> row = settings.get(name);
        return row == null ? "unknown" : row.get(column);
    }

    /**
     * @param fsync             the server's {@code fsync}
     * @param serverSyncCommit  {@code synchronous_commit} as a new session of this role on this database starts
     * @param sessionSyncCommit {@code synchronous_commit} in Kaptura's session, after {@link #SESSION_SETTING}
     * @param fullPageWrites    the server's {@code full_page_writes}
     */
    static Verdict judge(String fsync, String serverSyncCommit, String sessionSyncCommit, String fullPageWrites) {
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if ("off".equals(fsync)) {
            refusals.add(
                    "PostgreSQL runs with fsync = off: a crash of the server or a power cut loses commits Kaptura has"
                            + " already acknowledged, and can corrupt the cluster. Set fsync = on in postgresql.conf and reload");
        }
        if ("off".equals(sessionSyncCommit)) {
            refusals.add(
                    "PostgreSQL keeps synchronous_commit = off for Kaptura's connections: a commit would answer before"
                            + " it is on disk. Allow the session to set it (it is a user setting) or set it to on");
        } else if ("off".equals(serverSyncCommit)) {
            warnings.add(
                    "PostgreSQL's synchronous_commit is off for this role or database; Kaptura's connections set it"
                            + " to on, so their commits answer only once they are on disk");
        }
        if ("off".equals(fullPageWrites)) {
            warnings.add(
                    "PostgreSQL runs with full_page_writes = off: a power cut can tear a page the WAL cannot repair,"
                            + " unless the file system never tears one (ZFS, for one)");
        }
        return new Verdict(List.copyOf(refusals), List.copyOf(warnings));
    }
}
