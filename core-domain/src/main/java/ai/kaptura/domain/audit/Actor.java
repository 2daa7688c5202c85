package ai.kaptura.domain.audit;

import ai.kaptura.domain.shared.DomainViolation;
import java.util.Objects;
import java.util.regex.Pattern;

/** Who caused a step, by kind and pseudonymous id only (an account id, a processor name, "system"). */
public record Actor(Kind kind, String id) {

    public enum Kind {
        PERSON,
        SYSTEM,
        VENDOR,
        AUDITOR,
        OPERATOR
    }

    private static final Pattern PSEUDONYMOUS = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "kaptura");

    public Actor {
        Objects.requireNonNull(kind, "kind");
        if (id == null || !PSEUDONYMOUS.matcher(id).matches()) {
            throw new DomainViolation(
                    "An audit actor is named by a pseudonymous id (letters, digits, '_.:-'), never an email");
        }
    }

    public static Actor person(Object accountId) {
        return new Actor(Kind.PERSON, accountId.toString());
    }

    public static Actor vendor(String processorName) {
        return new Actor(Kind.VENDOR, processorName);
    }
}
