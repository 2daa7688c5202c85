package ai.kaptura.domain.shared;

import java.util.Objects;

/**
 * An expected refusal a person can cause, as a value: a stable {@link Reason} (adapters turn it into
 * a status code and a problem type in one switch) and a detail a person understands.
 */
public record Rejection(Reason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        if (detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("A rejection needs a detail a person can read");
        }
    }

    public static Rejection of(Reason reason, String detail) {
        return new Rejection(reason, detail);
    }

    /** The kind of refusal, which decides how an adapter answers. */
    public enum Kind {
        /** The input itself is wrong: fix it and try again. */
        INVALID_INPUT,
        /** The thing does not exist, or is not the caller's. */
        NOT_FOUND,
        /** The thing is in a state that does not allow this now. */
        CONFLICT,
        /** A rule forbids this for this person or order. */
        FORBIDDEN,
        /** Too many attempts or too much data. */
        LIMIT,
        /**
         * Something we depend on cannot serve now (a vendor that did not answer, or this server's own capacity);
         * nothing was changed, try again later.
         */
        UNAVAILABLE
    }

    /** Every reason the domain can refuse, each with a stable slug for problem types. */
    public enum Reason {
        INVALID_EMAIL(Kind.INVALID_INPUT, "invalid-email"),
        INVALID_VALUE(Kind.INVALID_INPUT, "invalid-value"),
        UNKNOWN_PLAN(Kind.INVALID_INPUT, "unknown-plan"),
        UNKNOWN_STYLE(Kind.INVALID_INPUT, "unknown-style"),
        ADULT_ATTESTATION_MISSING(Kind.INVALID_INPUT, "adult-attestation-missing"),
        /** Nothing of a person is processed before they have said they are 18 or older (R42). */
        AGE_NOT_STATED(Kind.CONFLICT, "age-not-stated"),
        NOTICE_VERSION_OUTDATED(Kind.CONFLICT, "notice-version-outdated"),
        NOT_FOUND(Kind.NOT_FOUND, "not-found"),
        ORDER_NOT_DRAFT(Kind.CONFLICT, "order-not-draft"),
        ORDER_STATE(Kind.CONFLICT, "order-state"),
        TOO_FEW_SELFIES(Kind.CONFLICT, "too-few-selfies"),
        TOO_MANY_SELFIES(Kind.LIMIT, "too-many-selfies"),
        CONSENT_REFUSED(Kind.FORBIDDEN, "consent-refused"),
        CONSENT_MISSING(Kind.FORBIDDEN, "consent-missing"),
        CONSENT_WITHDRAWN(Kind.FORBIDDEN, "consent-withdrawn"),
        CONSENT_STALE(Kind.FORBIDDEN, "consent-stale"),
        ACCOUNT_RESTRICTED(Kind.FORBIDDEN, "account-restricted"),
        SIGN_IN_CODE_INVALID(Kind.INVALID_INPUT, "sign-in-code-invalid"),
        SIGN_IN_CODE_EXPIRED(Kind.INVALID_INPUT, "sign-in-code-expired"),
        SIGN_IN_ATTEMPTS_EXHAUSTED(Kind.LIMIT, "sign-in-attempts-exhausted"),
        /** The right sign-in link, opened in another browser than the one that asked for it (R47). */
        SIGN_IN_OTHER_BROWSER(Kind.FORBIDDEN, "sign-in-other-browser"),
        /** Too many codes asked for an address or by an account in a short time (R47). */
        TOO_MANY_CODES(Kind.LIMIT, "too-many-codes"),
        /** A person holds as many unpaid orders as they may at once (R47). */
        OPEN_ORDER_LIMIT(Kind.LIMIT, "open-order-limit"),
        /** A person's unpaid orders hold as many photo bytes as they may (R47). */
        STORAGE_QUOTA(Kind.LIMIT, "storage-quota"),
        EXTENSION_NOT_ALLOWED(Kind.CONFLICT, "extension-not-allowed"),
        ERASURE_INCOMPLETE(Kind.CONFLICT, "erasure-incomplete"),
        REQUEST_ALREADY_CLOSED(Kind.CONFLICT, "request-already-closed"),
        PROCESSOR_NOT_REGISTERED(Kind.FORBIDDEN, "processor-not-registered"),
        EVENT_NOT_AUTHENTIC(Kind.FORBIDDEN, "event-not-authentic"),
        EVENT_MALFORMED(Kind.INVALID_INPUT, "event-malformed"),
        POLICY_VERSION_INVALID(Kind.CONFLICT, "policy-version-invalid"),
        VENDOR_UNAVAILABLE(Kind.UNAVAILABLE, "vendor-unavailable"),
        /** A vendor answered but refused our request: our fault (configuration), not the person's; nothing changed. */
        VENDOR_REFUSED(Kind.UNAVAILABLE, "vendor-refused"),
        /**
         * This server is at its capacity for the work asked (such as reading photos) and did not start it within the
         * time it waits; nothing was kept: the same request may simply be sent again a little later.
         */
        SERVER_BUSY(Kind.UNAVAILABLE, "server-busy");

        private final Kind kind;
        private final String slug;

        Reason(Kind kind, String slug) {
            this.kind = kind;
            this.slug = slug;
        }

        public Kind kind() {
            return kind;
        }

        /** A stable, URL-safe name, used as the last segment of a problem type. */
        public String slug() {
            return slug;
        }
    }
}
