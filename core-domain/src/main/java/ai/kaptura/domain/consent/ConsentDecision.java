package ai.kaptura.domain.consent;

/** What a consent record says. Each is its own record; none replaces another in place (R6). */
public enum ConsentDecision {
    GRANTED,
    REFUSED,
    WITHDRAWN
}
