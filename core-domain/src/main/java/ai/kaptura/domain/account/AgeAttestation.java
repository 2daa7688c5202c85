package ai.kaptura.domain.account;

import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.Objects;

/**
 * A person's statement that they are 18 or older, with the version of the text they were shown and
 * where they made it. Recorded at sign-up and again at checkout.
 */
@Implements(Rule.R42)
public record AgeAttestation(NoticeVersion textVersion, Where where, Instant at) {

    public enum Where {
        SIGN_UP,
        CHECKOUT,
        CONSENT_RENEWAL
    }

    public AgeAttestation {
        Objects.requireNonNull(textVersion, "attestation text version");
        Objects.requireNonNull(where, "where the attestation was given");
        Objects.requireNonNull(at, "attestation time");
    }
}
