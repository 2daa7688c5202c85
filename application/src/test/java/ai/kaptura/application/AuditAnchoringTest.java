package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.ports.out.fake.InMemoryAuditLog;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The audit chain anchored outside the database, every few minutes and at each erasure: R50. */
@Tag("R50")
@Tag("R46")
class AuditAnchoringTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    void a_closed_erasure_signs_the_chain_head_with_its_evidence_and_the_auditor_verifies_against_it() {
        Journey j = new Journey(k, "ada@example.com").delivered();

        k.erase.erase(j.account);
        k.runDueJobs();

        AuditEntry head = k.stores.auditLog().head().orElseThrow();
        assertThat(head.event().action()).isEqualTo(AuditAction.ERASED_DATA_PURGED);
        assertThat(k.anchors.all()).last().satisfies(checkpoint -> {
            assertThat(checkpoint.checkpoint().sequence()).isEqualTo(head.sequence());
            assertThat(checkpoint.checkpoint().head()).isEqualTo(head.hash());
            assertThat(checkpoint.verifiedBy(k.auditKey.getPublic())).isTrue();
        });
        assertThat(k.auditor.verifyChain()).isEqualTo(new AuditChain.Verification.Intact(head.sequence(), head.hash()));
    }

    @Test
    void an_idle_chain_is_not_signed_again_and_a_moved_one_is() {
        new Journey(k, "ada@example.com").signIn();
        Optional<AuditCheckpoint.Signed> first = k.anchoring.anchor();
        assertThat(first).isPresent();

        k.clock.advance(Duration.ofMinutes(5));
        assertThat(k.anchoring.anchor()).as("nothing was logged since").isEmpty();

        new Journey(k, "grace@example.com").signIn();
        assertThat(k.anchoring.anchor())
                .get()
                .satisfies(next -> assertThat(next.checkpoint().sequence())
                        .isGreaterThan(first.get().checkpoint().sequence()));
        assertThat(k.anchors.all()).hasSize(2);
    }

    @Test
    void entries_cut_from_the_end_of_the_log_after_a_checkpoint_are_found_by_the_auditor() {
        new Journey(k, "ada@example.com").delivered();
        k.anchoring.anchor();
        assertThat(k.auditor.verifyChain().isIntact()).isTrue();

        ((InMemoryAuditLog) k.stores.auditLog()).cutTail(2);

        assertThat(AuditChain.verify(k.stores.auditLog().read(1, 100_000)).isIntact())
                .as("the chain alone cannot tell")
                .isTrue();
        assertThat(k.auditor.verifyChain())
                .isInstanceOfSatisfying(
                        AuditChain.Verification.Broken.class,
                        broken -> assertThat(broken.reason()).contains("cut"));
    }

    @Test
    void the_auditor_is_given_the_audit_key_and_the_newest_checkpoints_oldest_first() {
        new Journey(k, "ada@example.com").signIn();
        k.anchoring.anchor();
        new Journey(k, "grace@example.com").signIn();
        AuditCheckpoint.Signed newest = k.anchoring.anchor().orElseThrow();

        var anchors = k.auditor.anchors(1);

        assertThat(anchors.kept()).isEqualTo(2);
        assertThat(anchors.checkpoints()).containsExactly(newest);
        assertThat(anchors.publicKey()).isEqualTo(k.auditKey.getPublic().getEncoded());
    }
}
