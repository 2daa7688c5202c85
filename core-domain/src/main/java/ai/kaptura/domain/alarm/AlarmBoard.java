package ai.kaptura.domain.alarm;

import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * R49: compares the alarms raised so far with what a check found at risk now, and says which alarms start, which
 * clear and which last. An alarm clears only when a complete look at its promise no longer finds its subject: a look
 * that was cut short (more at risk than it read) or that could not be made (its store did not answer) clears nothing.
 */
@Implements(Rule.R49)
public final class AlarmBoard {

    private AlarmBoard() {}

    /** One subject found at risk of a promise, with what was seen. */
    public record Finding(Promise promise, Subject subject, String detail) {
        public Finding {
            Objects.requireNonNull(promise, "promise");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * What one look at a promise found. {@code complete} says whether it saw everything at risk, so that a subject
     * it did not report is no longer at risk.
     */
    public record Scan(Promise promise, List<Finding> findings, boolean complete) {
        public Scan {
            Objects.requireNonNull(promise, "promise");
            findings = List.copyOf(findings);
            for (Finding f : findings) {
                if (f.promise() != promise) {
                    throw new DomainViolation("A look at " + promise + " found " + f.promise());
                }
            }
        }
    }

    /** The edges: alarms to raise now, raised alarms to clear, and raised alarms that last. */
    public record Changes(List<Alarm> started, List<Alarm> cleared, List<Alarm> lasting) {
        public Changes {
            started = List.copyOf(started);
            cleared = List.copyOf(cleared);
            lasting = List.copyOf(lasting);
        }
    }

    public static Changes compare(Collection<Alarm> raised, Collection<Scan> scans, Instant now) {
        Map<Promise, Scan> byPromise = new EnumMap<>(Promise.class);
        for (Scan scan : scans) {
            if (byPromise.putIfAbsent(scan.promise(), scan) != null) {
                throw new DomainViolation("Two looks at " + scan.promise() + " in one check");
            }
        }
        Map<Alarm.Key, Finding> found = new LinkedHashMap<>();
        for (Scan scan : byPromise.values()) {
            for (Finding f : scan.findings()) {
                found.putIfAbsent(new Alarm.Key(f.promise(), f.subject()), f);
            }
        }
        Map<Alarm.Key, Alarm> before = new LinkedHashMap<>();
        raised.forEach(a -> before.put(a.key(), a));

        List<Alarm> started = new ArrayList<>();
        found.forEach((key, f) -> {
            if (!before.containsKey(key)) {
                started.add(Alarm.raise(f.promise(), f.subject(), now, f.detail()));
            }
        });
        List<Alarm> cleared = new ArrayList<>();
        List<Alarm> lasting = new ArrayList<>();
        for (Alarm alarm : before.values()) {
            Scan scan = byPromise.get(alarm.promise());
            boolean goneForSure = scan != null && scan.complete() && !found.containsKey(alarm.key());
            (goneForSure ? cleared : lasting).add(alarm);
        }
        return new Changes(started, cleared, lasting);
    }
}
