package ai.kaptura.domain.operator;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may open the operator's desk: the addresses an installation lists as its operators ({@code KAPTURA_OPERATORS}).
 * An operator signs in with the same passwordless codes as anyone, for a short session of the operator's role only;
 * an address that leaves the list loses the desk at its next request (R50).
 */
@Implements(Rule.R50)
public record OperatorRoster(Set<EmailAddress> addresses) {

    public OperatorRoster {
        addresses = Set.copyOf(Objects.requireNonNull(addresses, "addresses"));
    }

    /** Nobody: the desk is closed. */
    public static OperatorRoster none() {
        return new OperatorRoster(Set.of());
    }

    /**
     * The roster from a comma-separated list of addresses (blank: nobody).
     *
     * @throws ai.kaptura.domain.shared.InvalidInput naming the address that is not one
     */
    public static OperatorRoster parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return none();
        }
        Set<EmailAddress> listed = new LinkedHashSet<>();
        Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(a -> !a.isEmpty())
                .forEach(a -> listed.add(EmailAddress.of(a)));
        return new OperatorRoster(listed);
    }

    public boolean lists(EmailAddress address) {
        return addresses.contains(address);
    }

    public boolean isEmpty() {
        return addresses.isEmpty();
    }
}
