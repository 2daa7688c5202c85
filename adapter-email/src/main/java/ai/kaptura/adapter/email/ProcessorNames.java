package ai.kaptura.adapter.email;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.regex.Pattern;

/**
 * The shape of an operator-chosen processor-registry name ({@code KAPTURA_SMTP_PROCESSOR}), the same for
 * the SMTP mailer and its obligations, because the name is also the erasure location's name (R27, R33).
 */
@Implements({Rule.R27, Rule.R33})
final class ProcessorNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    private ProcessorNames() {}

    /** The name, stripped; refused unless it is 1 to 80 lower-case letters, digits and '-', not starting with '-'. */
    static String check(String name) {
        String stripped = name == null ? "" : name.strip();
        if (!SHAPE.matcher(stripped).matches()) {
            throw new IllegalArgumentException(
                    "Name the SMTP provider as it is in the processor registry (R33): 1 to 80 "
                            + "lower-case letters, digits and '-', e.g. smtp (got "
                            + (name == null ? "nothing" : "'" + name + "'") + ")");
        }
        return stripped;
    }
}
