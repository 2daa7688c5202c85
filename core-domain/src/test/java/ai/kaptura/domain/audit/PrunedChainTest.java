package ai.kaptura.domain.audit;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.rule.Rule;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R12, R46, R50: audit entries older than the schedule keeps them are pruned only through a signed checkpoint at the
 * cut; the pruned chain then verifies from that checkpoint, and whatever else is edited, cut or removed still shows.
 */
@Tag("R12")
@Tag("R46")
@Tag("R50")
class PrunedChainTest {

    private final KeyPair key = ed25519();
    /** Entries 1..5, then the record of pruning through entry 3 (entry 6), then one more (entry 7). */
    private final List<AuditEntry> whole = chainPrunedThrough(3);

    private final AuditCheckpoint.Signed atCut =
            AuditCheckpoint.of(whole.get(2), NOW.plusSeconds(400)).sign(key.getPrivate());
    private final AuditCheckpoint.Signed before =
            AuditCheckpoint.of(whole.get(1), NOW.plusSeconds(100)).sign(key.getPrivate());
    private final AuditCheckpoint.Signed afterCut =
            AuditCheckpoint.of(whole.get(5), NOW.plusSeconds(500)).sign(key.getPrivate());

    private final List<AuditEntry> pruned = whole.subList(3, whole.size());

    @Test
    void a_chain_pruned_at_a_signed_checkpoint_verifies_from_the_cut() {
        assertThat(AuditChain.verifyAnchored(pruned, List.of(before, atCut, afterCut), key.getPublic()))
                .isEqualTo(new AuditChain.Verification.Intact(4, whole.getLast().hash()));
        assertThat(AuditChain.verifyFrom(atCut.checkpoint(), pruned))
                .isEqualTo(new AuditChain.Verification.Intact(4, whole.getLast().hash()));
    }

    @Test
    void entries_removed_from_the_start_without_a_checkpoint_at_the_cut_break_the_chain_at_entry_one() {
        AuditChain.Verification verification =
                AuditChain.verifyAnchored(pruned, List.of(before, afterCut), key.getPublic());

        assertThat(verification).isInstanceOfSatisfying(AuditChain.Verification.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(1);
            assertThat(broken.reason()).contains("no signed checkpoint at entry 3");
        });
    }

    @Test
    void a_cut_at_a_checkpoint_that_no_entry_records_as_a_pruning_breaks_the_chain() {
        // Someone who can write the database removes entries 1..2 up to an ordinary checkpoint.
        List<AuditEntry> removed = whole.subList(2, whole.size());

        assertThat(AuditChain.verifyAnchored(removed, List.of(before, atCut, afterCut), key.getPublic()))
                .isInstanceOfSatisfying(AuditChain.Verification.Broken.class, broken -> {
                    assertThat(broken.sequence()).isEqualTo(3);
                    assertThat(broken.reason()).contains("no entry of the chain records that pruning");
                });
    }

    @Test
    void an_entry_edited_after_the_cut_is_still_found() {
        List<AuditEntry> edited = new ArrayList<>(pruned);
        AuditEntry fifth = edited.get(1);
        edited.set(1, new AuditEntry(5, fifth.event().with("count", 9), fifth.previousHash(), fifth.hash()));

        assertThat(AuditChain.verifyAnchored(edited, List.of(atCut, afterCut), key.getPublic()))
                .isEqualTo(new AuditChain.Verification.Broken(5, "its content does not match its hash"));
    }

    @Test
    void a_first_kept_entry_that_does_not_point_at_the_signed_cut_is_found() {
        List<AuditEntry> forged = new ArrayList<>(pruned);
        AuditEntry fourth = forged.getFirst();
        AuditEntry relinked = AuditChain.append(3, whole.get(1).hash(), fourth.event());
        forged.set(0, relinked);

        assertThat(AuditChain.verifyAnchored(forged, List.of(atCut, afterCut), key.getPublic()))
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(1));
    }

    @Test
    void a_tail_cut_after_pruning_is_still_missed_by_the_latest_checkpoint() {
        AuditCheckpoint.Signed atSeven =
                AuditCheckpoint.of(whole.get(6), NOW.plusSeconds(600)).sign(key.getPrivate());

        assertThat(AuditChain.verifyAnchored(
                        pruned.subList(0, pruned.size() - 1), List.of(atCut, afterCut, atSeven), key.getPublic()))
                .isInstanceOfSatisfying(AuditChain.Verification.Broken.class, broken -> {
                    assertThat(broken.sequence()).isEqualTo(7);
                    assertThat(broken.reason()).contains("cut from its end");
                });
    }

    /** The test chain, then an {@code AUDIT_PRUNED} entry naming entry {@code cut}, then one more entry. */
    private static List<AuditEntry> chainPrunedThrough(int cut) {
        List<AuditEntry> chain = new ArrayList<>(AuditChainTest.chain());
        AuditEntry at = chain.get(cut - 1);
        AuditEvent pruning = AuditEvent.of(
                        NOW.plusSeconds(400),
                        Actor.SYSTEM,
                        AuditAction.AUDIT_PRUNED,
                        Subject.of("audit_log", Long.toString(cut)),
                        Rule.R46)
                .with(AuditChain.PRUNED_THROUGH_SEQUENCE, at.sequence())
                .with(AuditChain.PRUNED_THROUGH_HASH, at.hash().hex());
        chain.add(AuditChain.append(Optional.of(chain.getLast()), pruning));
        AuditEvent later = AuditEvent.of(
                NOW.plusSeconds(700),
                Actor.SYSTEM,
                AuditAction.RETENTION_APPLIED,
                Subject.of("sweep", "700"),
                Rule.R12);
        chain.add(AuditChain.append(Optional.of(chain.getLast()), later));
        return chain;
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
