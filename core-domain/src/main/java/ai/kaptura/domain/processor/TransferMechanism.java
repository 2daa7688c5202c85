package ai.kaptura.domain.processor;

/** The basis on which personal data may leave the EEA for a processor's country (GDPR Chapter V). */
public enum TransferMechanism {
    NONE_NEEDED_WITHIN_EEA("no transfer outside the EEA"),
    ADEQUACY_DECISION("an adequacy decision of the European Commission (Art. 45)"),
    EU_US_DATA_PRIVACY_FRAMEWORK("the EU-US Data Privacy Framework (Art. 45)"),
    STANDARD_CONTRACTUAL_CLAUSES("the European Commission's standard contractual clauses (Art. 46(2)(c))"),
    EXPLICIT_CONSENT("the person's explicit consent to the transfer, informed of its risks (Art. 49(1)(a))"),
    NECESSARY_FOR_THE_CONTRACT("necessary for the contract with the person (Art. 49(1)(b))");

    private final String description;

    TransferMechanism(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
