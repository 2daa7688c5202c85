package ai.kaptura.domain.audit;

import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One processing step of personal or biometric data: when, who, what, about which subject, under
 * which rule, and a few short details. It holds pseudonymous ids only, never biometric data or an
 * email (R46), so erasing a person never needs to touch the chain. Its instant is kept to the
 * microsecond, the precision every store keeps, so a stored entry still verifies when read back.
 */
public record AuditEvent(
        Instant at, Actor actor, AuditAction action, Subject subject, Rule rule, Map<String, String> details) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final int MAX_VALUE = 200;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        // Stores keep microseconds (PostgreSQL timestamptz); the hash must cover what they keep.
        at = at.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(rule, "rule");
        details = new TreeMap<>(details);
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()) {
                throw new DomainViolation("Audit detail key '" + e.getKey() + "' is not a lower-case word");
            }
            String value = Objects.requireNonNull(e.getValue(), "audit detail value");
            if (value.length() > MAX_VALUE
                    || value.contains("@")
                    || value.chars().anyMatch(Character::isISOControl)) {
                throw new DomainViolation(
                        "Audit detail '" + e.getKey() + "' must be short, one line, and hold no email");
            }
        }
        details = Collections.unmodifiableMap(details);
    }

    public static AuditEvent of(Instant at, Actor actor, AuditAction action, Subject subject, Rule rule) {
        return new AuditEvent(at, actor, action, subject, rule, Map.of());
    }

    public AuditEvent with(String key, Object value) {
        Map<String, String> more = new TreeMap<>(details);
        more.put(key, String.valueOf(value));
        return new AuditEvent(at, actor, action, subject, rule, more);
    }
}
