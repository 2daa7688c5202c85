package ai.kaptura.domain.biometric;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.regex.Pattern;

/**
 * Where a photo's encrypted bytes live in the vault: an opaque key of ids only. It can never carry an
 * email, a name or a file name a person chose (R37).
 */
@Implements(Rule.R37)
public record PhotoRef(String key) {

    private static final Pattern OPAQUE = Pattern.compile("[a-z]+(/[0-9a-f-]{8,64}){1,4}");

    public PhotoRef {
        if (key == null || !OPAQUE.matcher(key).matches()) {
            throw new DomainViolation("A photo key is made of a kind and opaque ids only (got '" + key + "')");
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
