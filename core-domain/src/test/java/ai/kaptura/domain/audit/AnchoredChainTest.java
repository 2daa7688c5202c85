package ai.kaptura.domain.audit;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R50: a chain checked against checkpoints signed outside the database detects what the chain alone cannot — a chain
 * recomputed after an edit, and entries cut from its end — as well as an edited entry and a forged checkpoint.
 */
@Tag("R50")
@Tag("R46")
class AnchoredChainTest {

    private final KeyPair key = ed25519();
    private final List<AuditEntry> chain = AuditChainTest.chain();
    private final AuditCheckpoint.Signed atThree =
            AuditCheckpoint.of(chain.get(2), NOW.plusSeconds(130)).sign(key.getPrivate());
    private final AuditCheckpoint.Signed atFive =
            AuditCheckpoint.of(chain.get(4), NOW.plusSeconds(300)).sign(key.getPrivate());

    @Test
    void an_intact_chain_meets_every_checkpoint_signed_along_it() {
        AuditChain.Verification verification =
                AuditChain.verifyAnchored(chain, List.of(atFive, atThree), key.getPublic());

        assertThat(verification)
                .isEqualTo(new AuditChain.Verification.Intact(5, chain.get(4).hash()));
    }

    @Test
    void an_edited_entry_is_found_where_it_was_edited() {
        List<AuditEntry> edited = new ArrayList<>(chain);
        AuditEntry second = chain.get(1);
        edited.set(1, new AuditEntry(2, second.event().with("count", 9), second.previousHash(), second.hash()));

        assertThat(AuditChain.verifyAnchored(edited, List.of(atThree, atFive), key.getPublic()))
                .isEqualTo(new AuditChain.Verification.Broken(2, "its content does not match its hash"));
    }

    @Test
    void a_chain_recomputed_after_an_edit_verifies_alone_but_not_against_the_checkpoints() {
        List<AuditEntry> recomputed = new ArrayList<>();
        Optional<AuditEntry> head = Optional.empty();
        for (AuditEntry entry : chain) {
            AuditEvent event = entry.sequence() == 2 ? entry.event().with("count", 9) : entry.event();
            AuditEntry again = AuditChain.append(head, event);
            recomputed.add(again);
            head = Optional.of(again);
        }
        AuditChain.Verification.Broken broken = intactAloneButBrokenAgainstCheckpoints(recomputed);

        assertThat(broken.sequence()).isEqualTo(3);
        assertThat(broken.reason()).contains("rewritten");
    }

    @Test
    void entries_cut_from_the_end_are_missed_by_the_latest_checkpoint() {
        List<AuditEntry> cut = chain.subList(0, 3);
        AuditChain.Verification.Broken broken = intactAloneButBrokenAgainstCheckpoints(cut);

        assertThat(broken.sequence()).isEqualTo(4);
        assertThat(broken.reason()).contains("cut").contains("entry 5");
    }

    @Test
    void a_checkpoint_not_signed_by_the_audit_key_is_refused() {
        AuditCheckpoint.Signed forged = AuditCheckpoint.of(chain.get(4), NOW.plusSeconds(300))
                .sign(ed25519().getPrivate());

        assertThat(AuditChain.verifyAnchored(chain, List.of(atThree, forged), key.getPublic()))
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Broken.class,
                        broken -> assertThat(broken.reason()).contains("signature"));
    }

    @Test
    void a_checkpoint_reads_back_from_its_text_with_its_signature_intact() {
        AuditCheckpoint.Signed read = AuditCheckpoint.Signed.parse(atFive.toText());

        assertThat(read).isEqualTo(atFive);
        assertThat(read.verifiedBy(key.getPublic())).isTrue();
        assertThatThrownBy(() -> AuditCheckpoint.Signed.parse("v1 5 not-a-hash"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Asserts that {@code entries} verify on their own, and returns where they break against both checkpoints. */
    private AuditChain.Verification.Broken intactAloneButBrokenAgainstCheckpoints(List<AuditEntry> entries) {
        assertThat(AuditChain.verify(entries).isIntact())
                .as("the chain alone cannot tell")
                .isTrue();
        AuditChain.Verification verification =
                AuditChain.verifyAnchored(entries, List.of(atThree, atFive), key.getPublic());
        assertThat(verification).isInstanceOf(AuditChain.Verification.Broken.class);
        return (AuditChain.Verification.Broken) verification;
    }

    @Test
    void an_entry_reads_back_from_its_canonical_bytes_as_an_offline_copy_keeps_it() {
        for (AuditEntry entry : chain) {
            AuditEntry read = AuditChain.fromCanonical(
                    AuditChain.canonical(entry.sequence(), entry.event()), entry.previousHash(), entry.hash());

            assertThat(read).isEqualTo(entry);
        }
        assertThatThrownBy(() -> AuditChain.fromCanonical(
                        "kaptura-audit-v1\n5:12\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        chain.getFirst().previousHash(),
                        chain.getFirst().hash()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
