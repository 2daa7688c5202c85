package ai.kaptura.app;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The processor-registry entries of Kaptura's own infrastructure (R33, R35): Google Analytics, the provider of an object
 * store that is not on this machine, and the host of a database that is not on this machine. What each receives and
 * why is Kaptura's to say; who it is, where, on which transfer basis and under which DPA is the operator's, from the
 * settings ({@link Configuration.Hosted}) — never assumed by the code.
 *
 * <p>They are listed wherever recipients are (the record of processing, the access report and the export) but are not
 * locations of the erasure checklist: what the object store and the database hold is erased through Kaptura's own
 * locations (the photo vault, the database), and Google Analytics receives no identifier of the account (R37), so it
 * holds nothing an erasure could find.
 */
@Implements({Rule.R25, Rule.R33, Rule.R35})
final class HostedProcessors {

    static final String ANALYTICS_PURPOSE =
            "Measuring site use (pages viewed, with a pseudonymous browser id) for visitors"
                    + " who accepted analytics cookies; never an email address, account id or order";
    static final String OBJECT_STORE_PURPOSE =
            "Storing the selfies and headshots, each encrypted under its owner's own key"
                    + " (the provider holds ciphertext only)";
    static final String DATABASE_PURPOSE = "Hosting Kaptura's database: accounts, orders, consent records, sign-in"
            + " codes and sessions, privacy requests and the audit log";

    private static final Set<DataCategory> IN_THE_DATABASE = EnumSet.of(
            DataCategory.ACCOUNT,
            DataCategory.ORDER,
            DataCategory.CONSENT_RECORD,
            DataCategory.SIGN_IN_CODE,
            DataCategory.SESSION,
            DataCategory.RATE_LIMIT_COUNTER,
            DataCategory.COOKIE_CHOICE,
            DataCategory.PRIVACY_REQUEST,
            DataCategory.AUDIT_ENTRY);

    private HostedProcessors() {}

    /** The entries that apply to this configuration, each with the settings that complete it. */
    static List<ConfiguredProcessor> entries(Configuration.Infrastructure infrastructure) {
        return infrastructure.all().stream()
                .map(h -> new ConfiguredProcessor(entry(h, infrastructure), settings(h)))
                .toList();
    }

    private static Processor entry(Configuration.Hosted h, Configuration.Infrastructure infrastructure) {
        String purpose;
        Set<DataCategory> categories;
        if (infrastructure.analytics().filter(h::equals).isPresent()) {
            purpose = ANALYTICS_PURPOSE;
            categories = EnumSet.of(DataCategory.COOKIE_CHOICE);
        } else if (infrastructure.objectStore().filter(h::equals).isPresent()) {
            purpose = OBJECT_STORE_PURPOSE;
            categories = EnumSet.of(DataCategory.SELFIE, DataCategory.HEADSHOT);
        } else {
            purpose = DATABASE_PURPOSE;
            categories = IN_THE_DATABASE;
        }
        return new Processor(
                h.name(),
                h.legalName(),
                purpose,
                categories,
                h.country(),
                h.transfer().map(TransferMechanism::valueOf),
                h.dpa());
    }

    private static String settings(Configuration.Hosted h) {
        return h.prefix() + "_LEGAL_NAME, " + h.prefix() + "_COUNTRY, " + h.prefix() + "_TRANSFER and " + h.prefix()
                + "_DPA_REFERENCE";
    }
}
