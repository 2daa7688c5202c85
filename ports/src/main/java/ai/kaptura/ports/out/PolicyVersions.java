package ai.kaptura.ports.out;

import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;

/** Published policy versions and their exact notice texts, never edited once published (R6). */
public interface PolicyVersions {

    PolicyHistory history();

    /** Stores a version already accepted by {@link PolicyHistory#publish}. */
    void add(PolicyVersion version);
}
