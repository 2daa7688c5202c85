package ai.kaptura.application.common;

import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PaymentGateway;
import java.util.LinkedHashSet;
import java.util.Set;

/** The processors behind the configured vendor adapters: where personal data can go (R33). */
public final class Vendors {

    private Vendors() {}

    /** The registry names of every configured adapter that hands data to a processor. */
    public static Set<String> configuredProcessors(
            HeadshotGenerator generator, PaymentGateway payments, Mailer mailer) {
        Set<String> names = new LinkedHashSet<>();
        generator.processorName().ifPresent(names::add);
        payments.processorName().ifPresent(names::add);
        mailer.processorName().ifPresent(names::add);
        return names;
    }
}
