package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.auditEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditLog} must do: chain each entry to the one before with {@link AuditChain}, keep
 * every event exactly (so the chain still verifies when read back), read in sequence order, and form
 * one linear chain however many threads append at once.
 *
 * <p>Instants are kept exactly as the event holds them (to the microsecond, which is what
 * {@code AuditEvent} keeps): the hash covers {@code Instant.toString()}, so a store that rounds or
 * truncates further would break the chain it reads back.
 *
 * <p>{@link #auditLog()} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty log; the race test uses it from several threads.
 */
public abstract class AuditLogContract {

    /** A fresh, empty log. */
    protected abstract AuditLog auditLog();

    @Test
    void an_empty_log_has_no_head_and_nothing_to_read() {
        AuditLog log = auditLog();

        assertThat(log.head()).isEmpty();
        assertThat(log.read(1, 100)).isEmpty();
        assertThat(log.about("order-1", 100)).isEmpty();
    }

    @Test
    void the_first_entry_has_sequence_1_and_points_at_the_genesis_hash() {
        AuditLog log = auditLog();
        AuditEvent event = auditEvent(1);

        AuditEntry first = log.append(event);

        assertThat(first).isEqualTo(AuditChain.append(Optional.empty(), event));
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(log.head()).contains(first);
        assertThat(log.read(1, 10)).containsExactly(first);
    }

    @Test
    void each_entry_is_chained_to_the_head_before_it() {
        AuditLog log = auditLog();

        Optional<AuditEntry> head = Optional.empty();
        for (int n = 1; n <= 12; n++) {
            AuditEvent event = auditEvent(n);
            AuditEntry entry = log.append(event);
            assertThat(entry).isEqualTo(AuditChain.append(head, event));
            assertThat(log.head()).contains(entry);
            head = Optional.of(entry);
        }
    }

    @Test
    void events_come_back_exactly_as_appended() {
        AuditLog log = auditLog();
        List<AuditEvent> events = new ArrayList<>();
        for (int n = 0; n < 24; n++) {
            events.add(auditEvent("privacy_request", "request-" + (n % 5), n));
        }

        List<AuditEntry> appended = events.stream().map(log::append).toList();

        List<AuditEntry> read = log.read(1, 1_000);
        assertThat(read).containsExactlyElementsOf(appended);
        assertThat(read.stream().map(AuditEntry::event).toList()).containsExactlyElementsOf(events);
    }

    @Test
    void an_instant_is_kept_to_the_microsecond_because_the_hash_covers_it() {
        AuditLog log = auditLog();
        AuditEvent precise = new AuditEvent(
                Instant.parse("2026-03-02T09:15:30.123456789Z"),
                Actor.SYSTEM,
                AuditAction.RETENTION_APPLIED,
                Subject.of("sweep", "1772442930123"),
                Rule.R12,
                Map.of("codes", "3"));

        AuditEntry appended = log.append(precise);
        log.append(auditEvent(2));

        assertThat(log.read(1, 1)).containsExactly(appended);
        assertThat(log.read(1, 1).getFirst().event().at()).isEqualTo(precise.at());
        assertThat(AuditChain.verify(log.read(1, 10)).isIntact()).isTrue();
    }

    @Test
    void a_long_log_read_back_verifies_intact() {
        AuditLog log = auditLog();
        for (int n = 0; n < 150; n++) {
            log.append(auditEvent(n));
        }

        List<AuditEntry> all = log.read(1, 10_000);

        assertThat(all).hasSize(150);
        AuditChain.Verification verification = AuditChain.verify(all);
        assertThat(verification).isInstanceOf(AuditChain.Verification.Intact.class);
        assertThat(((AuditChain.Verification.Intact) verification).entries()).isEqualTo(150);
        assertThat(((AuditChain.Verification.Intact) verification).head())
                .isEqualTo(log.head().orElseThrow().hash());
    }

    @Test
    void read_answers_up_to_the_limit_from_a_sequence_on_in_order() {
        AuditLog log = auditLog();
        List<AuditEntry> appended = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            appended.add(log.append(auditEvent(n)));
        }

        assertThat(log.read(1, 3)).containsExactlyElementsOf(appended.subList(0, 3));
        assertThat(log.read(4, 3)).containsExactlyElementsOf(appended.subList(3, 6));
        assertThat(log.read(8, 100)).containsExactlyElementsOf(appended.subList(7, 10));
        assertThat(log.read(10, 1)).containsExactly(appended.get(9));
        assertThat(log.read(11, 100)).isEmpty();
        assertThat(log.read(1, 0)).isEmpty();
        assertThat(AuditChain.verifyFrom(log.read(4, 100), appended.get(2).hash(), 4)
                        .isIntact())
                .isTrue();
    }

    @Test
    void about_answers_only_the_subjects_entries_oldest_first_up_to_the_limit() {
        AuditLog log = auditLog();
        List<AuditEntry> annsOrder = new ArrayList<>();
        for (int n = 0; n < 9; n++) {
            AuditEntry entry = log.append(auditEvent("order", n % 3 == 0 ? "ann-order" : "other-order-" + n, n));
            if (n % 3 == 0) {
                annsOrder.add(entry);
            }
        }

        assertThat(log.about("ann-order", 100)).containsExactlyElementsOf(annsOrder);
        assertThat(log.about("ann-order", 2)).containsExactlyElementsOf(annsOrder.subList(0, 2));
        assertThat(log.about("other-order-1", 100))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.sequence()).isEqualTo(2));
        assertThat(log.about("nobody", 100)).isEmpty();
    }

    @Test
    void eight_threads_appending_fifty_each_form_one_linear_chain() {
        AuditLog log = auditLog();

        List<List<AuditEntry>> perThread = Concurrently.all(8, t -> {
            List<AuditEntry> mine = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                mine.add(log.append(auditEvent("thread", "thread-" + t, t * 1_000 + n)));
            }
            return mine;
        });

        List<AuditEntry> all = log.read(1, 10_000);
        assertThat(all).hasSize(400);
        assertThat(all.stream().map(AuditEntry::sequence).toList())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 400).boxed().toList());
        assertThat(AuditChain.verify(all).isIntact())
                .as(AuditChain.verify(all).toString())
                .isTrue();
        Set<AuditEntry> returned = perThread.stream().flatMap(List::stream).collect(Collectors.toSet());
        assertThat(returned).hasSize(400);
        assertThat(all).containsExactlyInAnyOrderElementsOf(returned);
        for (int t = 0; t < 8; t++) {
            List<AuditEntry> mine = perThread.get(t);
            assertThat(log.about("thread-" + t, 1_000)).containsExactlyElementsOf(mine);
        }
        assertThat(log.head()).contains(all.getLast());
    }

    /** An event at {@code at}, the {@code n}-th of the series. */
    private static AuditEvent at(java.time.Instant at, int n) {
        AuditEvent event = auditEvent(n);
        return new AuditEvent(at, event.actor(), event.action(), event.subject(), event.rule(), event.details());
    }

    @Test
    void the_run_before_an_instant_ends_at_the_first_entry_that_is_not_older() {
        AuditLog log = auditLog();
        java.time.Instant t0 = java.time.Instant.parse("2020-01-01T00:00:00Z");
        assertThat(log.lastOfRunBefore(t0, 100)).isEmpty();
        List<AuditEntry> appended = new ArrayList<>();
        // Minutes 1, 2, 9, 3 (a node whose clock was behind), 10.
        for (int minute : new int[] {1, 2, 9, 3, 10}) {
            appended.add(log.append(at(t0.plusSeconds(60L * minute), minute)));
        }

        assertThat(log.lastOfRunBefore(t0.plusSeconds(60), 100)).isEmpty();
        assertThat(log.lastOfRunBefore(t0.plusSeconds(61), 100)).contains(appended.get(0));
        assertThat(log.lastOfRunBefore(t0.plusSeconds(60L * 5), 100)).contains(appended.get(1));
        assertThat(log.lastOfRunBefore(t0.plusSeconds(60L * 9 + 1), 100)).contains(appended.get(3));
        assertThat(log.lastOfRunBefore(t0.plusSeconds(60L * 60), 100)).contains(appended.get(4));
        assertThat(log.lastOfRunBefore(t0.plusSeconds(60L * 60), 2)).contains(appended.get(1));
        assertThat(log.lastOfRunBefore(t0.plusSeconds(60L * 60), 0)).isEmpty();
    }

    @Test
    void pruning_through_a_cut_removes_exactly_the_entries_up_to_it_and_the_chain_goes_on_from_the_head() {
        AuditLog log = auditLog();
        List<AuditEntry> appended = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            appended.add(log.append(auditEvent(n)));
        }

        assertThat(log.pruneThrough(3)).isEqualTo(3);

        assertThat(log.read(1, 100)).containsExactlyElementsOf(appended.subList(3, 6));
        assertThat(log.head()).contains(appended.get(5));
        assertThat(log.about("order-2", 10)).isEmpty();
        assertThat(log.lastOfRunBefore(appended.get(4).event().at(), 100)).contains(appended.get(3));
        AuditEntry next = log.append(auditEvent(7));
        assertThat(next.sequence()).isEqualTo(7);
        assertThat(AuditChain.verifyFrom(log.read(1, 100), appended.get(2).hash(), 4))
                .isEqualTo(new AuditChain.Verification.Intact(4, next.hash()));
        assertThat(log.pruneThrough(2)).as("already pruned").isZero();
    }

    @Test
    void the_head_is_never_pruned() {
        AuditLog log = auditLog();
        List<AuditEntry> appended = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            appended.add(log.append(auditEvent(n)));
        }

        assertThatThrownBy(() -> log.pruneThrough(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.pruneThrough(9)).isInstanceOf(IllegalArgumentException.class);

        assertThat(log.read(1, 100)).containsExactlyElementsOf(appended);
    }
}
