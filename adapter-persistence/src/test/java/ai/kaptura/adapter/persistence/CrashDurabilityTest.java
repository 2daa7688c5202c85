package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.ports.out.RateLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that answered survives {@code kill -9}: a child JVM ({@link CommitsThenCrash}, on this test's classpath and
 * JDK) commits as fast as it can and prints each commit after it returned; it is killed with SIGKILL in the middle of
 * that, then the database is opened again on the same data and every printed commit must be there: the account, its
 * audit entry (the chain still verifies), its job, and every counted rate-limit attempt. A control run on H2's own
 * defaults shows that the harness does see lost commits.
 */
@Tag("faults")
class CrashDurabilityTest {

    /** Commits acknowledged before the kill; the kill lands while more are being made. */
    private static final int ACKS = 400;

    @TempDir
    Path dataDir;

    @Test
    void every_commit_the_embedded_database_acknowledged_survives_a_kill_9() {
        Acknowledged acked = commitThenKill("embedded", dataDir.toString());

        try (PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir)) {
            assertSurvived(db, acked);
        }
    }

    @Test
    void every_commit_postgresql_acknowledged_survives_a_kill_9_of_the_node() {
        String schema = "kaptura_crash_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Acknowledged acked = commitThenKill("postgres", TestDatabases.postgresUrl(), schema);

            try (PersistenceAdapter db = PersistenceAdapter.open(
                    TestDatabases.postgresUrl(), TestDatabases.postgresUser().orElse(null), null, dataDir, schema)) {
                assertSurvived(db, acked);
            }
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    @Test
    void on_h2s_default_write_delay_a_kill_9_loses_acknowledged_commits() {
        // The embedded database as it was opened before: a plain file, H2's default WRITE_DELAY (500 ms). Its
        // background writer stores at most every half second, so a kill right after an acknowledgement nearly always
        // loses it; three rounds make a round that happened to store just in time irrelevant.
        List<Integer> lost = new ArrayList<>();
        for (int round = 0;
                round < 3 && lost.stream().mapToInt(Integer::intValue).sum() == 0;
                round++) {
            Path dir = dataDir.resolve("round-" + round);
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db").resolve("kaptura")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            Acknowledged acked = commitThenKill("h2", url);
            try (PersistenceAdapter db = new CommitsThenCrash.PersistenceAdapterOnUrl(url).open()) {
                lost.add((int) acked.accounts().stream()
                        .filter(id -> db.accounts().find(id).isEmpty())
                        .count());
            }
        }

        assertThat(lost).as("acknowledged commits lost in each round").anyMatch(n -> n > 0);
    }

    /** What the child printed after each commit returned, read to the end of its output after it was killed. */
    record Acknowledged(List<AccountId> accounts, List<String> counters) {}

    private static Acknowledged commitThenKill(String... args) {
        List<String> seen;
        try (ChildJvm child = ChildJvm.start(CommitsThenCrash.class, args)) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            long acks = 0;
            while (acks < ACKS) {
                String line = child.next(deadline);
                if (line == null) {
                    throw new AssertionError(
                            "the child made " + acks + " commits in 2 minutes; alive: " + child.alive());
                }
                acks += line.startsWith(CommitsThenCrash.ACKED) ? 1 : 0;
            }
            seen = child.kill();
        }
        assertThat(seen).as("the child was ready before it committed").first().isEqualTo(CommitsThenCrash.READY);
        List<AccountId> accounts = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        for (String line : seen) {
            if (!line.startsWith(CommitsThenCrash.ACKED)) {
                continue;
            }
            String what = line.substring(CommitsThenCrash.ACKED.length());
            // A line cut by the kill names no whole id: that commit was never acknowledged.
            if (what.startsWith("counter-") && what.length() == "counter-".length() + 36) {
                counters.add(what);
            } else if (what.length() == 36) {
                accounts.add(AccountId.parse(what));
            }
        }
        return new Acknowledged(accounts, counters);
    }

    private static void assertSurvived(PersistenceAdapter db, Acknowledged acked) {
        assertThat(acked.accounts()).hasSizeGreaterThanOrEqualTo(ACKS * 9 / 10);
        List<AccountId> lost = acked.accounts().stream()
                .filter(id -> db.accounts().find(id).isEmpty())
                .toList();
        assertThat(lost)
                .as(
                        "acknowledged accounts missing after the kill, of %d",
                        acked.accounts().size())
                .isEmpty();

        List<AuditEntry> chain = readAll(db);
        assertThat(AuditChain.verify(chain))
                .as("the audit chain verifies after the kill")
                .isInstanceOf(AuditChain.Verification.Intact.class);
        Set<String> audited = chain.stream()
                .filter(e -> e.event().action() == AuditAction.ACCOUNT_OPENED)
                .map(e -> e.event().subject().id())
                .collect(Collectors.toSet());
        assertThat(audited)
                .as("an audit entry for every acknowledged account")
                .containsAll(acked.accounts().stream().map(AccountId::toString).toList());

        Set<String> jobs = db.scheduledJobs().stream().map(j -> j.key()).collect(Collectors.toSet());
        assertThat(jobs)
                .as("a job for every acknowledged account")
                .containsAll(acked.accounts().stream().map(id -> "crash:" + id).toList());

        RateLimits limits = db.rateLimits(InstantSource.system(), new byte[32]);
        assertThat(acked.counters()).isNotEmpty();
        Supplier<List<String>> uncounted = () -> acked.counters().stream()
                .filter(key -> limits.attempt(CommitsThenCrash.LIMIT, key).isEmpty())
                .toList();
        assertThat(uncounted.get())
                .as("counted attempts forgotten after the kill (a second attempt was allowed)")
                .isEmpty();
    }

    private static List<AuditEntry> readAll(PersistenceAdapter db) {
        List<AuditEntry> all = new ArrayList<>();
        for (List<AuditEntry> page; !(page = db.auditLog().read(all.size() + 1L, 1000)).isEmpty(); ) {
            all.addAll(page);
        }
        return all;
    }
}
