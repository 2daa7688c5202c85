package ai.kaptura.application.policy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Function;

/**
 * Publishing policy versions: never editing one (R6), never back-dating one; a version marked material
 * for biometrics makes older consents stale from the moment it takes effect (R9). The privacy page reads
 * the version in force and the schedule rendered from the retention policy (R12).
 */
public record PolicyService(
        PolicyVersions policies, Transactions tx, AuditTrail audit, InstantSource clock, Settings settings)
        implements PublishPolicy {

    @Override
    public Outcome publish(PolicyVersion version) {
        return tx.inTransaction(() -> publish(version, clock.instant()));
    }

    /**
     * Publishes an installation's first version if none exists yet, taking effect the moment it is published (R6:
     * not in the past, and in force at once, so checkout has its notices from the first request). {@code first} makes
     * the version for that moment. Nodes starting together publish it once.
     *
     * @throws IllegalStateException if the version is refused (it is built in, so that is a defect)
     */
    public void publishFirst(Function<Instant, PolicyVersion> first) {
        Outcome outcome;
        try {
            outcome = tx.inTransaction(() -> {
                if (!policies.history().versions().isEmpty()) {
                    return null;
                }
                Instant now = clock.instant();
                return publish(first.apply(now), now);
            });
        } catch (RuntimeException raced) {
            // Another node starting at the same moment stored its first version between our read and our write.
            if (!policies.history().versions().isEmpty()) {
                return;
            }
            throw raced;
        }
        if (outcome instanceof Outcome.Refused refused
                && policies.history().versions().isEmpty()) {
            throw new IllegalStateException("The first policy version could not be published: "
                    + refused.why().detail());
        }
    }

    private Outcome publish(PolicyVersion version, Instant now) {
        return switch (policies.history().publish(version, now)) {
            case PolicyHistory.Publication.Refused no -> new Outcome.Refused(no.why());
            case PolicyHistory.Publication.Published yes -> {
                policies.add(yes.version());
                audit.record(
                        new Actor(Actor.Kind.OPERATOR, "policy"),
                        AuditAction.POLICY_PUBLISHED,
                        Subject.of("policy_version", version.version()),
                        version.materialForBiometrics() ? Rule.R9 : Rule.R6,
                        Map.of("material", version.materialForBiometrics(), "effective_at", version.effectiveAt()));
                yield new Outcome.Published(yes.version());
            }
        };
    }

    @Override
    public Current current() {
        return new Current(
                policies.history().currentAt(clock.instant()),
                settings.retention().schedule());
    }

    @Override
    public PolicyHistory history() {
        return policies.history();
    }
}
