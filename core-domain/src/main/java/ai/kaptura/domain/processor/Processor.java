package ai.kaptura.domain.processor;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A registry entry: who processes personal data on our behalf, for what, which categories, where, on
 * which transfer basis and under which data processing agreement (R33). An entry may be incomplete as
 * configured; {@link #missing()} says what is lacking, and an incomplete processor receives nothing.
 *
 * @param name         the stable registry name, also used as the erasure location
 * @param country      ISO 3166-1 alpha-2 code of where the data is processed
 * @param dpaReference where the signed data processing agreement is filed
 */
@Implements(Rule.R33)
public record Processor(
        String name,
        String legalName,
        String purpose,
        Set<DataCategory> categories,
        String country,
        Optional<TransferMechanism> transfer,
        String dpaReference) {

    public Processor {
        Checks.text(name, "processor name", 80);
        Objects.requireNonNull(legalName, "legal name");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(transfer, "transfer mechanism");
        Objects.requireNonNull(dpaReference, "DPA reference");
        categories = categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
    }

    /** The fields an entry still needs before the processor may receive personal data. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (legalName.isBlank()) {
            missing.add("legal name");
        }
        if (purpose.isBlank()) {
            missing.add("purpose");
        }
        if (categories.isEmpty()) {
            missing.add("data categories");
        }
        if (!country.matches("[A-Z]{2}")) {
            missing.add("country (ISO 3166 code)");
        }
        if (transfer.isEmpty()) {
            missing.add("transfer mechanism");
        }
        if (dpaReference.isBlank()) {
            missing.add("DPA reference");
        }
        return missing;
    }

    public boolean isComplete() {
        return missing().isEmpty();
    }

    public boolean receives(DataCategory category) {
        return categories.contains(category);
    }
}
