package ai.kaptura.application.common;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.Processors;
import java.util.Optional;

/**
 * The mailer every use case sends through: before each message it asks the processor registry whether the
 * email processor may receive account data (R33), so no mail of any kind (sign-in codes, address checks,
 * order and privacy-request messages) reaches a processor missing from the registry or with an incomplete entry.
 * A mailer that keeps everything on this machine (the outbox) has no processor and is not asked about.
 */
@Implements(Rule.R33)
public final class RegisteredMailer implements Mailer {

    private final Mailer delegate;
    private final Processors processors;

    public RegisteredMailer(Mailer delegate, Processors processors) {
        this.delegate = delegate;
        this.processors = processors;
    }

    @Override
    public Optional<String> processorName() {
        return delegate.processorName();
    }

    /** @throws IllegalStateException naming the registry's objection, if the processor may not receive account data */
    @Override
    public void send(Mail mail) {
        Optional<Rejection> unregistered = delegate.processorName()
                .flatMap(name -> processors.registry().checkTransfer(name, DataCategory.ACCOUNT));
        if (unregistered.isPresent()) {
            throw new IllegalStateException("Mail cannot be sent: " + unregistered.get().detail() + " (R33)");
        }
        delegate.send(mail);
    }
}
