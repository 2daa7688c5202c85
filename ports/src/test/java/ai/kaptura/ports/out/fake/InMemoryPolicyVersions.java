package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.ports.out.PolicyVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link PolicyVersions} in memory. A version that would make the history invalid is refused and not stored. */
public record InMemoryPolicyVersions(InMemoryDatabase db) implements PolicyVersions {

    public InMemoryPolicyVersions {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public PolicyHistory history() {
        synchronized (db) {
            return new PolicyHistory(db.policies);
        }
    }

    @Override
    public void add(PolicyVersion version) {
        Objects.requireNonNull(version, "version");
        synchronized (db) {
            List<PolicyVersion> all = new ArrayList<>(db.policies);
            all.add(version);
            new PolicyHistory(all); // throws DomainViolation for a reused label or effective instant
            db.policies.add(version);
        }
    }
}
