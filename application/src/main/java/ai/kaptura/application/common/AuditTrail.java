package ai.kaptura.application.common;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.AuditLog;
import java.time.InstantSource;
import java.util.Map;

/**
 * Writes processing steps to the audit log (R46). Call it inside the transaction of the change it
 * records, so the step and its record commit together.
 */
public final class AuditTrail {

    private final AuditLog log;
    private final InstantSource clock;

    public AuditTrail(AuditLog log, InstantSource clock) {
        this.log = log;
        this.clock = clock;
    }

    public void record(Actor actor, AuditAction action, Subject subject, Rule rule) {
        log.append(AuditEvent.of(clock.instant(), actor, action, subject, rule));
    }

    public void record(Actor actor, AuditAction action, Subject subject, Rule rule, Map<String, ?> details) {
        AuditEvent event = AuditEvent.of(clock.instant(), actor, action, subject, rule);
        for (Map.Entry<String, ?> d : details.entrySet()) {
            event = event.with(d.getKey(), d.getValue());
        }
        log.append(event);
    }

    /** Records that {@code ended} sessions of the account's own were ended at its person's doing, and why (R47). */
    public void sessionsEnded(AccountId account, int ended, String why) {
        record(
                Actor.person(account),
                AuditAction.SESSIONS_ENDED,
                Subject.of("account", account),
                Rule.R47,
                Map.of("sessions", ended, "why", why));
    }
}
