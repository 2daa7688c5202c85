package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update that answered survives {@code kill -9}, as the app's commits must: a child JVM ({@link UpdatesThenCrash})
 * updates a fixed set of rows from several threads, with the embedded file's housekeeping rewriting and moving chunks
 * meanwhile, and is killed after a few acknowledged updates (1 to {@code maxAcks}); the next child opens the file that
 * kill left (as a restarted node does), prints what it found, and is killed in turn. Every row must hold at least the
 * last value acknowledged for it.
 *
 * <p>H2 reuses the space of chunks dead for its retention time (45 s): on a file reopened after a restart, every chunk
 * of the previous run. Rounds here last a second or two, so the child shortens the retention to reuse space at once,
 * which is where a commit's chunk used to be lost: written into a gap its predecessor had not predicted, it was found
 * neither from the store header nor as the file's last chunk, and H2 reopened the file without it
 * ({@link EmbeddedStore#recoverNewest}).
 */
@Tag("faults")
class UpdateDurabilityTest {

    /** Files, each new; the loss showed in a file's first rounds (1 to 7 in the runs that found it). */
    private static final int FILES = Integer.getInteger("files", 3);
    /** Kills per file, each followed by a child that opens the file and reports what it holds. */
    private static final int ROUNDS = Integer.getInteger("rounds", 4);

    private static final int THREADS = Integer.getInteger("threads", 2);
    private static final long HOUSEKEEPING_MS = Long.getLong("housekeepingMs", 200);
    /** Each child is killed after a random number of acknowledged updates up to this: a few, as after a restart. */
    private static final int MAX_ACKS = Integer.getInteger("maxAcks", 5);
    /** H2 reuses a dead chunk's space after this; 45 s in the app, where a restart makes every older chunk reusable. */
    private static final String RETENTION_MS = System.getProperty("retentionMs", "0");

    @TempDir
    Path dataDir;

    @Test
    void every_update_the_embedded_database_acknowledged_survives_repeated_kill_9s_during_housekeeping() {
        List<String> lost = new ArrayList<>();
        long checked = 0;
        for (int file = 0; file < FILES; file++) {
            checked += killAndReopen(dataDir.resolve("file-" + file), lost);
        }
        System.out.println(
                "UpdateDurabilityTest: " + FILES * ROUNDS + " kills, " + checked + " rows checked, lost: " + lost);
        assertThat(lost)
                .as(
                        "acknowledged updates missing after a kill -9 (%d rows checked after %d kills)",
                        checked, FILES * ROUNDS)
                .isEmpty();
    }

    /** {@link #ROUNDS} kills on one file, each checked by the next child; adds what was lost and answers the rows checked. */
    private static long killAndReopen(Path dir, List<String> lost) {
        Random random = new Random();
        Map<Integer, Long> acked = new HashMap<>();
        long checked = 0;
        for (int round = 0; round <= ROUNDS; round++) {
            Round result = run(dir, round == ROUNDS ? 0 : 1 + random.nextInt(MAX_ACKS));
            for (var entry : acked.entrySet()) {
                long found = result.found().getOrDefault(entry.getKey(), -1L);
                checked++;
                if (found < entry.getValue()) {
                    lost.add(dir.getFileName() + " round " + round + ": row " + entry.getKey() + " acked "
                            + entry.getValue() + ", found " + found);
                }
            }
            // What the next round must find: what this one found, raised by what it acknowledged.
            acked.clear();
            acked.putAll(result.found());
            result.acked().forEach((row, value) -> acked.merge(row, value, Math::max));
        }
        return checked;
    }

    /** What one child found when it opened the file, and the highest value it acknowledged per row before its kill. */
    private record Round(Map<Integer, Long> found, Map<Integer, Long> acked) {}

    private static Round run(Path dir, int acks) {
        List<String> seen;
        try (ChildJvm child = ChildJvm.start(
                UpdatesThenCrash.class,
                dir.toString(),
                Integer.toString(THREADS),
                Long.toString(HOUSEKEEPING_MS),
                RETENTION_MS)) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            for (String line = ""; !line.equals(UpdatesThenCrash.READY); ) {
                line = child.next(deadline);
                if (line == null) {
                    throw new AssertionError("the child was not ready within a minute; alive: " + child.alive());
                }
            }
            for (int acked = 0; acked < acks; ) {
                String line = child.next(deadline);
                if (line == null) {
                    break;
                }
                acked += line.startsWith(UpdatesThenCrash.ACKED) ? 1 : 0;
            }
            seen = child.kill();
        }
        Map<Integer, Long> found = new HashMap<>();
        Map<Integer, Long> acked = new HashMap<>();
        for (String line : seen) {
            Map<Integer, Long> into = line.startsWith(UpdatesThenCrash.FOUND)
                    ? found
                    : line.startsWith(UpdatesThenCrash.ACKED) ? acked : null;
            String[] words = line.split(" ");
            // A line the kill cut short claims a lower value (or none), never a higher one.
            if (into != null && words.length == 3) {
                into.merge(Integer.valueOf(words[1]), Long.valueOf(words[2]), Math::max);
            }
        }
        assertThat(found).as("the child read every row before it was ready").hasSize(UpdatesThenCrash.ROWS);
        return new Round(found, acked);
    }
}
