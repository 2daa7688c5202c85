package ai.kaptura.domain.privacy;

/** The rights a person exercises from the self-service privacy page. */
public enum RequestKind {
    ACCESS,
    RECTIFICATION,
    ERASURE,
    WITHDRAWAL,
    PORTABILITY
}
