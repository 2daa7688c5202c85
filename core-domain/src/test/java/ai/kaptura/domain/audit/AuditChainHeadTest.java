package ai.kaptura.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R46: a store that keeps only the chain's head (sequence and hash) grows the same chain. */
class AuditChainHeadTest {

    private static AuditEvent event(int n) {
        return AuditEvent.of(
                Instant.parse("2026-03-02T09:00:00Z").plusSeconds(n),
                Actor.SYSTEM,
                AuditAction.RETENTION_APPLIED,
                Subject.of("sweep", n),
                Rule.R12);
    }

    @Test
    @Tag("R46")
    void appending_from_the_head_alone_gives_the_same_entries_as_appending_from_the_last_entry() {
        AuditEntry first = AuditChain.append(Optional.empty(), event(1));
        AuditEntry second = AuditChain.append(Optional.of(first), event(2));

        assertThat(AuditChain.append(0, AuditChain.GENESIS, event(1))).isEqualTo(first);
        assertThat(AuditChain.append(first.sequence(), first.hash(), event(2))).isEqualTo(second);
        assertThat(AuditChain.verify(List.of(first, second)).isIntact()).isTrue();
        assertThat(AuditChain.append(first.sequence(), second.hash(), event(2)))
                .as("a wrong head makes another entry")
                .isNotEqualTo(second);
    }
}
