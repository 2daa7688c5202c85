package ai.kaptura.domain.rule;

/**
 * The catalogue of rules Kaptura keeps: each privacy promise and the law behind it, with a stable
 * id. An auditor reads this list, then follows {@link Implements} from a rule to the types and
 * policies that keep it, and the test tags ({@code @Tag("R10")}) to the scenarios that prove it.
 *
 * <p>This is engineering, not legal advice. Constants that depend on a law live in
 * {@link LegalConstants}.
 */
public enum Rule {
    R1(
            "Selfies are biometric data from the moment of upload; every read of selfie bytes passes one consent guard",
            "GDPR Art. 4(14), Art. 9(1), Recital 51"),
    R2(
            "The vendor's trained model and its training set are biometric data and follow the biometric retention rules",
            "BIPA 740 ILCS 14/10 (scan of face geometry)"),
    R4(
            "Explicit prior consent per purpose (training a personal model; disclosure to the AI vendor), never pre-ticked; nothing leaves the private draft without both",
            "GDPR Art. 9(2)(a), Art. 7(2); BIPA 15(b), 15(d)"),
    R5(
            "A consent record keeps the hash of the exact notice shown, the method, the server time, the policy version and the language",
            "BIPA 15(b); GDPR Art. 7(1)"),
    R6(
            "Consent records are append-only: grant, refusal and withdrawal are each a new record; every notice version stays retrievable",
            "GDPR Art. 7(1)"),
    R7(
            "Withdrawal is one action and takes effect at once: pending work is cancelled, selfies deleted, vendor model deletion requested",
            "GDPR Art. 7(3)"),
    R8("No bundling: checkout works with analytics and marketing refused", "GDPR Art. 7(4)"),
    R9(
            "A policy version material for biometric processing makes older biometric consents stale; processing waits for renewed consent",
            "GDPR Art. 7, Art. 13(3)"),
    R10(
            "Selfies are deleted once headshots are delivered (margin at most 24 h); failed, refunded, cancelled and abandoned orders end the purpose too (drafts after 7 days)",
            "GDPR Art. 5(1)(e); BIPA 15(a)"),
    R11(
            "Biometric data is destroyed at the earlier of purpose satisfied and last interaction + 3 years; only a legal hold backed by a warrant or subpoena suspends it",
            "BIPA 15(a)"),
    R12(
            "The public retention schedule is rendered from the same retention policy the scheduler executes; every data category has a rule",
            "GDPR Art. 13(2)(a), Art. 30(1)(f); BIPA 15(a)"),
    R14(
            "The vendor model is deleted within 30 days of training: requested after delivery, confirmed only by the vendor's 'gone', retried, alarmed at 30 days",
            "BIPA 15(a); GDPR Art. 28(3)(g)"),
    R15(
            "Headshots are copied into our storage with a SHA-256 before the vendor purges them; kept while the account is active, deleted on erasure",
            "GDPR Art. 5(1)(e)"),
    R16(
            "The email address is kept while the account is active; erasure deletes it, except what a legal obligation keeps, listed with its basis",
            "GDPR Art. 17(1), 17(3)(b)"),
    R17(
            "Selfie bytes have exactly one exit, the AI vendor adapter, for an order with valid consent; biometric data is never sold or sent elsewhere",
            "BIPA 15(c), 15(d)"),
    R18(
            "Selfies and headshots are encrypted at rest under a per-account data key; erasure destroys the key (crypto-shredding)",
            "GDPR Art. 32, Art. 17; BIPA 15(e)"),
    R20(
            "A privacy request is answered within one month counted per Reg. 1182/71 Art. 3, extendable once by two months with a reason recorded in the first month",
            "GDPR Art. 12(3); Regulation (EEC, Euratom) No 1182/71 Art. 3"),
    R21("A refusal is answered within the deadline with its reasons and the right to complain", "GDPR Art. 12(4)"),
    R22("Privacy requests are free of charge", "GDPR Art. 12(5)"),
    R24("A request made electronically is answered electronically", "GDPR Art. 12(3), Art. 15(3)"),
    R25(
            "Access returns a copy of the data, purposes, categories, recipients by name and country, transfer basis, retention, rights, complaint route and the absence of automated decisions",
            "GDPR Art. 15"),
    R26("Rectification is passed on to every processor that holds the datum", "GDPR Art. 16, Art. 19"),
    R27(
            "Erasure closes only when every location has deletion evidence or a 'retained, with legal basis' entry",
            "GDPR Art. 17, Art. 19"),
    R29("Portability: the data the person provided, as JSON plus the original files, with hashes", "GDPR Art. 20"),
    R33(
            "No personal data goes to a processor missing from the registry; a configured vendor without a complete entry stops startup",
            "GDPR Art. 28, Art. 30(1)(d)"),
    R35(
            "The record of processing activities is generated from the registry, the retention policy and the configured adapters",
            "GDPR Art. 30"),
    R37(
            "Privacy by default: optional processing off, EXIF/GPS stripped, no email, account id or secret in vendor payloads, callback URLs or logs",
            "GDPR Art. 25"),
    R40(
            "Analytics loads only after opt-in: no analytics cookie and no request before consent or after withdrawal",
            "ePrivacy Directive Art. 5(3); GDPR Art. 7"),
    R41(
            "Each cookie choice is recorded with the banner version; no re-prompt within 6 months unless the banner changes",
            "ePrivacy Directive Art. 5(3); GDPR Art. 7(1)"),
    R42(
            "18+ attestation is recorded with its text version; a minor flag stops all processing and erases the data within 72 hours, vendors included",
            "GDPR Art. 8; COPPA; BIPA"),
    R43(
            "Every delivered headshot file carries the IPTC digital source type 'trainedAlgorithmicMedia' in XMP",
            "EU AI Act Art. 50(2)"),
    R44("Every headshot shown on the results page carries a visible 'AI-generated' label", "EU AI Act Art. 50"),
    R45("The AI marker holds no personal data, only an opaque asset id", "GDPR Art. 5(1)(c), Art. 25"),
    R46(
            "Every processing step of personal or biometric data appends to a hash-chained audit log of pseudonymous ids; verification detects any edit",
            "GDPR Art. 5(2), Art. 30, Art. 32"),
    R47(
            "Sign-in is guarded like the selfies: single-purpose, single-use codes and links; wrong tries counted atomically; limits per address, account and network hold across nodes; a link signs in only by a POST from its page; an address change re-checks, tells the old address and ends other sessions",
            "GDPR Art. 32, Art. 5(1)(f)"),
    R48(
            "A job that deletes, erases or refunds never gives up: it is retried without limit, at most an hour apart, and the retention sweep queues again any due deletion that has no job",
            "GDPR Art. 5(1)(e), Art. 17(1), Art. 32(1)(b); BIPA 15(a)"),
    R49(
            "A promise at risk raises an alarm until it clears: a gauge in the metrics, one warning logged when it starts and one when it ends, and one email a day to the controller's contact",
            "GDPR Art. 5(2), Art. 24(1), Art. 32(1)(d)"),
    R50(
            "Operators act only through their role: destructive actions ask for a fresh code; every operator action is audited with the operator's pseudonymous id and reason. The audit chain's head is signed and kept outside the database, so an edit, a recomputed chain or a cut tail is detected",
            "GDPR Art. 5(2), Art. 24(1), Art. 32(1)(b), Art. 32(4)"),
    R51(
            "Photo-quality advice (faces, sharpness, exposure, duplicates) runs on our server only, stores only its advice flags, never blocks checkout on its own, and never infers age, sex, ethnicity or any other special category of data",
            "GDPR Art. 5(1)(c), Art. 9(1), Art. 25(1)");

    private final String title;
    private final String source;

    Rule(String title, String source) {
        this.title = title;
        this.source = source;
    }

    /** The stable id an auditor cites, such as {@code R10}. */
    public String id() {
        return name();
    }

    public String title() {
        return title;
    }

    /** The law or guidance the rule comes from. */
    public String source() {
        return source;
    }

    /** Parses a rule id such as {@code "R10"}; unknown ids are a clear error, never a guess. */
    public static Rule byId(String id) {
        for (Rule rule : values()) {
            if (rule.name().equals(id)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("No rule with id '" + id + "' in the catalogue");
    }
}
