package ai.kaptura.domain.retention;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.List;

/**
 * The retention schedule as people read it: rendered by {@link RetentionPolicy#schedule()} from the
 * rules the scheduler executes, never written by hand (R12).
 */
@Implements(Rule.R12)
public record RetentionSchedule(List<Entry> entries) {

    public RetentionSchedule {
        entries = List.copyOf(entries);
    }

    /** One data category and what happens to it. */
    public record Entry(DataCategory category, String label, boolean biometric, List<String> lines) {
        public Entry {
            lines = List.copyOf(lines);
        }
    }

    /** The schedule as plain text, for the privacy page, the API and the auditor's report. */
    public String asText() {
        StringBuilder text = new StringBuilder("Retention schedule\n");
        for (Entry entry : entries) {
            text.append('\n').append(entry.label());
            if (entry.biometric()) {
                text.append(" [biometric]");
            }
            text.append('\n');
            for (String line : entry.lines()) {
                text.append("  - ").append(line).append('\n');
            }
        }
        return text.toString();
    }
}
