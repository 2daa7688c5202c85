package ai.kaptura.domain.processor;

import ai.kaptura.domain.shared.Checks;

/** Who runs this Kaptura installation and answers for its processing (GDPR Art. 30(1)(a)). */
public record Controller(String name, String contact) {
    public Controller {
        Checks.text(name, "controller name", 200);
        Checks.text(contact, "controller contact", 500);
    }
}
