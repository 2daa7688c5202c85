package ai.kaptura.ports.in;

import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.shared.Rejection;
import java.util.Optional;

/** Publishing a policy version (R6, R9), and the policy a person reads on the privacy page (R12). */
public interface PublishPolicy {

    sealed interface Outcome {
        record Published(PolicyVersion version) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome publish(PolicyVersion version);

    /** The version in force now, with its notices, and the retention schedule. */
    record Current(Optional<PolicyVersion> version, RetentionSchedule retention) {}

    Current current();

    PolicyHistory history();
}
