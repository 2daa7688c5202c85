package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.ports.out.SandboxRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SandboxRecords} store must do for the sandbox vendors to be shared by every node: a record added
 * once whoever races to add it, replaced only from the version read (compare-and-set), a due step claimed by exactly
 * one node until its lease ends, and files that go with the record owning them.
 *
 * <p>{@link #records()} is called at the start of each test and must answer an empty store.
 */
public abstract class SandboxRecordsContract {

    /** A fresh, empty store. */
    protected abstract SandboxRecords records();

    private static final String MODEL = "sbx-0123456789abcdef01234567";

    @Test
    void a_record_is_added_once_and_kept_exactly() {
        SandboxRecords records = records();

        assertThat(records.find("model", MODEL)).isEmpty();
        assertThat(records.insert("model", MODEL, MODEL, "{\"a\":1}", Optional.of(minutes(1))))
                .isTrue();
        assertThat(records.insert("model", MODEL, MODEL, "{\"a\":2}", Optional.empty()))
                .isFalse();

        SandboxRecords.Entry entry = records.find("model", MODEL).orElseThrow();
        assertThat(entry.body()).isEqualTo("{\"a\":1}");
        assertThat(entry.owner()).isEqualTo(MODEL);
        assertThat(entry.dueAt()).contains(minutes(1));
        assertThat(records.find("checkout", MODEL)).isEmpty();
        assertThat(records.ids("model")).containsExactly(MODEL);
        assertThat(records.ids("checkout")).isEmpty();
    }

    @Test
    void of_nodes_racing_to_add_one_record_exactly_one_wins() {
        SandboxRecords records = records();

        List<Boolean> won = Concurrently.all(
                8, thread -> records.insert("model-key", "k1", MODEL, "{\"by\":" + thread + "}", Optional.empty()));

        assertThat(won.stream().filter(b -> b).count()).isEqualTo(1);
    }

    @Test
    void a_replace_holds_only_from_the_version_read() {
        SandboxRecords records = records();
        records.insert("model", MODEL, MODEL, "{\"v\":1}", Optional.empty());
        long read = records.find("model", MODEL).orElseThrow().version();

        assertThat(records.replace("model", MODEL, read, "{\"v\":2}", Optional.of(minutes(3))))
                .isTrue();
        assertThat(records.replace("model", MODEL, read, "{\"v\":3}", Optional.empty()))
                .as("a node that read the old version")
                .isFalse();

        SandboxRecords.Entry now = records.find("model", MODEL).orElseThrow();
        assertThat(now.body()).isEqualTo("{\"v\":2}");
        assertThat(now.version()).isNotEqualTo(read);
        assertThat(now.dueAt()).contains(minutes(3));
        assertThat(records.replace("model", "sbx-none", 1, "{}", Optional.empty()))
                .isFalse();
    }

    @Test
    void of_nodes_replacing_from_the_same_version_exactly_one_wins() {
        SandboxRecords records = records();
        records.insert("model", MODEL, MODEL, "{}", Optional.empty());
        long read = records.find("model", MODEL).orElseThrow().version();

        List<Boolean> won = Concurrently.all(
                8, thread -> records.replace("model", MODEL, read, "{\"by\":" + thread + "}", Optional.empty()));

        assertThat(won.stream().filter(b -> b).count()).isEqualTo(1);
    }

    @Test
    void what_is_due_is_listed_earliest_first_and_what_is_not_due_or_has_no_step_is_not() {
        SandboxRecords records = records();
        records.insert("model", "sbx-late", "sbx-late", "{}", Optional.of(minutes(5)));
        records.insert("model", "sbx-early", "sbx-early", "{}", Optional.of(minutes(2)));
        records.insert("model", "sbx-later", "sbx-later", "{}", Optional.of(minutes(60)));
        records.insert("model", "sbx-idle", "sbx-idle", "{}", Optional.empty());
        records.insert("checkout", "cs-1", "payments", "{}", Optional.of(minutes(1)));

        assertThat(records.due("model", minutes(10), 10)).containsExactly("sbx-early", "sbx-late");
        assertThat(records.due("model", minutes(10), 1)).containsExactly("sbx-early");
        assertThat(records.due("model", minutes(1), 10)).isEmpty();
    }

    @Test
    void a_due_step_is_claimed_by_one_node_until_its_lease_ends_then_by_another() {
        SandboxRecords records = records();
        records.insert("model", MODEL, MODEL, "{}", Optional.of(minutes(1)));

        assertThat(records.claim("model", MODEL, "node1", minutes(0), minutes(5)))
                .as("not due yet")
                .isFalse();
        assertThat(records.claim("model", MODEL, "node1", minutes(2), minutes(3)))
                .isTrue();
        assertThat(records.claim("model", MODEL, "node2", minutes(2), minutes(3)))
                .isFalse();
        assertThat(records.due("model", minutes(2), 10)).as("claimed").isEmpty();

        // node1 died holding it: once its lease has passed, node2 takes the step over.
        assertThat(records.due("model", minutes(4), 10)).containsExactly(MODEL);
        assertThat(records.claim("model", MODEL, "node2", minutes(4), minutes(5)))
                .isTrue();
        records.release("model", MODEL, "node1");
        assertThat(records.claim("model", MODEL, "node3", Instant.parse("1970-01-01T00:00:00Z"), minutes(0)))
                .isFalse();
        assertThat(records.claim("model", MODEL, "node1", minutes(4).plusSeconds(1), minutes(6)))
                .as("node1's late release left node2's lease alone")
                .isFalse();

        records.release("model", MODEL, "node2");
        assertThat(records.claim("model", MODEL, "node1", minutes(4).plusSeconds(1), minutes(6)))
                .isTrue();
    }

    @Test
    void of_nodes_racing_to_claim_one_step_exactly_one_wins() {
        SandboxRecords records = records();
        records.insert("model", MODEL, MODEL, "{}", Optional.of(minutes(1)));

        List<Boolean> won =
                Concurrently.all(8, thread -> records.claim("model", MODEL, "node" + thread, minutes(2), minutes(3)));

        assertThat(won.stream().filter(b -> b).count()).isEqualTo(1);
    }

    @Test
    void a_replace_keeps_the_lease_and_a_record_without_a_step_is_never_claimed() {
        SandboxRecords records = records();
        records.insert("model", MODEL, MODEL, "{}", Optional.of(minutes(1)));
        assertThat(records.claim("model", MODEL, "node1", minutes(2), minutes(10)))
                .isTrue();
        long version = records.find("model", MODEL).orElseThrow().version();

        assertThat(records.replace("model", MODEL, version, "{\"x\":1}", Optional.of(minutes(2))))
                .isTrue();
        assertThat(records.claim("model", MODEL, "node2", minutes(3), minutes(4)))
                .isFalse();

        records.release("model", MODEL, "node1");
        long next = records.find("model", MODEL).orElseThrow().version();
        records.replace("model", MODEL, next, "{\"x\":2}", Optional.empty());
        assertThat(records.claim("model", MODEL, "node2", minutes(30), minutes(31)))
                .isFalse();
        assertThat(records.due("model", minutes(30), 10)).isEmpty();
    }

    @Test
    void files_are_kept_exactly_and_go_with_their_owner_and_no_other() {
        SandboxRecords records = records();
        byte[] selfie = "sealed selfie".getBytes(StandardCharsets.UTF_8);
        records.insert("model", MODEL, MODEL, "{}", Optional.empty());
        records.insert("model-nonce", "nonce1", MODEL, MODEL, Optional.empty());
        records.insert("model", "sbx-other", "sbx-other", "{}", Optional.empty());
        records.putBlob(MODEL + "/selfies/00", MODEL, selfie);
        records.putBlob("img-1", MODEL, new byte[] {1, 2, 3});
        records.putBlob("img-1", MODEL, new byte[] {4, 5});
        records.putBlob("img-2", "sbx-other", new byte[] {9});

        assertThat(records.blob(MODEL + "/selfies/00").orElseThrow().bytes()).isEqualTo(selfie);
        assertThat(records.blob("img-1").orElseThrow().bytes()).as("replaced").containsExactly(4, 5);
        assertThat(records.blob("img-1").orElseThrow().owner()).isEqualTo(MODEL);
        assertThat(records.blobNames(MODEL)).containsExactly("img-1", MODEL + "/selfies/00");
        assertThat(records.holdsAnything(MODEL)).isTrue();

        assertThat(records.deleteOwned(MODEL)).isEqualTo(new SandboxRecords.Removed(2, 2));

        assertThat(records.holdsAnything(MODEL)).isFalse();
        assertThat(records.find("model", MODEL)).isEmpty();
        assertThat(records.find("model-nonce", "nonce1")).isEmpty();
        assertThat(records.blob("img-1")).isEmpty();
        assertThat(records.blobNames(MODEL)).isEmpty();
        assertThat(records.find("model", "sbx-other")).isPresent();
        assertThat(records.blob("img-2")).isPresent();
        assertThat(records.deleteOwned(MODEL)).isEqualTo(new SandboxRecords.Removed(0, 0));
    }

    @Test
    void one_record_is_deleted_alone() {
        SandboxRecords records = records();
        records.insert("checkout", "cs-1", "payments", "{}", Optional.empty());
        records.insert("checkout", "cs-2", "payments", "{}", Optional.empty());

        assertThat(records.delete("checkout", "cs-1")).isTrue();
        assertThat(records.delete("checkout", "cs-1")).isFalse();
        assertThat(records.find("checkout", "cs-2")).isPresent();
    }

    @Test
    void a_key_that_could_carry_personal_data_is_refused() {
        SandboxRecords records = records();

        assertThatThrownBy(() -> records.insert("model", "ada@example.org", MODEL, "{}", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.insert("Model Kind", MODEL, MODEL, "{}", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
