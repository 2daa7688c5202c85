package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.contract.MailerContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Mailer contract, against Resend's API played by a local stub that honours {@code Idempotency-Key}. */
class ResendMailerContractTest extends MailerContract {

    @RegisterExtension
    static final ResendStub RESEND = new ResendStub();

    @Override
    protected Mailer mailer() {
        return EmailAdapters.resend(
                RESEND.base(),
                ResendStub.API_KEY,
                "Kaptura <no-reply@kaptura.example>",
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(1),
                Duration.ofMillis(20),
                java.time.InstantSource.system());
    }

    @Override
    protected List<String> deliveredTo(EmailAddress recipient) {
        return RESEND.delivered().stream()
                .filter(d -> d.to().contains(recipient.value()))
                .map(ResendStub.Delivered::content)
                .toList();
    }
}
