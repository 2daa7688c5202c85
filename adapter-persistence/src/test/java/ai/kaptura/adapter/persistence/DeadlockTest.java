package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.contract.Concurrently;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' transactions that lock the same rows in opposite orders: PostgreSQL ends one of them as a deadlock's loser
 * and rolls it back whole. That one is a {@link ConcurrentUpdate} (what a read-decide-write unit runs again from the
 * start), not a failure of the request or job that ran it; the other commits.
 */
class DeadlockTest {

    @Test
    void the_loser_of_a_deadlock_between_two_nodes_is_a_concurrent_update_and_the_winner_commits() throws Exception {
        Database node1 = TestDatabases.postgres();
        TestDatabases.reset(node1);
        SqlSandboxRecords records = new SqlSandboxRecords(node1);
        records.insert("model", "sbx-a", "sbx-a", "{}", Optional.empty());
        records.insert("model", "sbx-b", "sbx-b", "{}", Optional.empty());
        CyclicBarrier bothHoldOne = new CyclicBarrier(2);

        try (Database node2 = TestDatabases.anotherNodeOn(node1)) {
            List<Concurrently.Outcome<String>> outcomes = Concurrently.run(2, t -> {
                Database db = t == 0 ? node1 : node2;
                String first = t == 0 ? "sbx-a" : "sbx-b";
                String second = t == 0 ? "sbx-b" : "sbx-a";
                db.run(() -> {
                    touch(db, first, t);
                    try {
                        bothHoldOne.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    touch(db, second, t);
                });
                return "committed";
            });

            assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded))
                    .hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                    .singleElement()
                    .satisfies(lost -> assertThat(lost.failure())
                            .isInstanceOf(ConcurrentUpdate.class)
                            .hasMessageContaining("deadlock"));
        }
        int winner = records.find("model", "sbx-a").orElseThrow().body().equals("{\"by\":0}") ? 0 : 1;
        assertThat(records.find("model", "sbx-b").orElseThrow().body())
                .as("the winner's two writes, none of the loser's")
                .isEqualTo("{\"by\":" + winner + "}");
    }

    private static void touch(Database db, String id, int thread) {
        db.ctx()
                .execute(
                        "UPDATE sandbox_records SET body = ? WHERE kind = 'model' AND record_id = ?",
                        "{\"by\":" + thread + "}",
                        id);
    }
}
