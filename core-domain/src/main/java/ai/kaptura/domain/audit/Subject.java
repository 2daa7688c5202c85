package ai.kaptura.domain.audit;

import ai.kaptura.domain.shared.DomainViolation;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a step was about: a type and an opaque id, such as {@code order 5b0e…}. Never the data itself. */
public record Subject(String type, String id) {

    private static final Pattern TYPE = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    public Subject {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new DomainViolation("An audit subject type is a lower-case word");
        }
        if (id == null || !OPAQUE.matcher(id).matches()) {
            throw new DomainViolation("An audit subject is named by an opaque id, never by personal data");
        }
        Objects.requireNonNull(id);
    }

    public static Subject of(String type, Object id) {
        return new Subject(type, id.toString());
    }
}
