package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.contract.MailerContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The Mailer contract, against Resend's API played by a local stub that honours {@code Idempotency-Key}. */
class ResendMailerContractTest extends MailerContract {

    private static final ResendStub RESEND = new ResendStub();

    @BeforeAll
    static void startResend() {
        RESEND.startServer();
        RESEND.reset();
    }

    @AfterAll
    static void stopResend() {
        RESEND.stopServer();
    }

    @BeforeEach
    void forgetEverything() {
        RESEND.reset();
    }

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
