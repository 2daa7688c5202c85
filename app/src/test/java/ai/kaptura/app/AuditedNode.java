package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;

/** The audit tests' node: its database and key as configured by {@code env}, with entries logged and anchored. */
final class AuditedNode {

    /** When the first entry was logged; entry {@code n} a second after the one before. */
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    private AuditedNode() {}

    /**
     * Logs {@code entries} uploads of one person (entry {@code n} with detail count = n) through the real database
     * adapter, then signs a checkpoint of the head, as the node does every few minutes.
     */
    static void logAndAnchor(Map<String, String> env, int entries) {
        KapturaComponent wired =
                DaggerKapturaComponent.factory().create(Configuration.from(env), InstantSource.system());
        try (PersistenceAdapter db = wired.persistence()) {
            UUID account = UUID.randomUUID();
            for (int i = 0; i < entries; i++) {
                AuditEvent event = AuditEvent.of(
                                T0.plusSeconds(i),
                                Actor.person(account),
                                AuditAction.SELFIE_UPLOADED,
                                Subject.of("order", account),
                                Rule.R1)
                        .with("count", i + 1);
                db.transactions().run(() -> db.auditLog().append(event));
            }
            assertThat(wired.anchoring().anchor()).isPresent();
        }
    }
}
