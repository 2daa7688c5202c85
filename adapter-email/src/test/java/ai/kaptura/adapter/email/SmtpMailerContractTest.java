package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.contract.MailerContract;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Mailer contract, against a local SMTP server (GreenMail on a free port). */
class SmtpMailerContractTest extends MailerContract {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Override
    protected Mailer mailer() {
        return EmailAdapters.smtp(
                SMTP.getSmtp().getBindTo(),
                SMTP.getSmtp().getPort(),
                Optional.empty(),
                Optional.empty(),
                "none",
                "Kaptura <no-reply@kaptura.example>",
                Duration.ofSeconds(5),
                "smtp",
                InstantSource.fixed(Instant.parse("2026-11-02T09:30:00Z")));
    }

    @Override
    protected List<String> deliveredTo(EmailAddress recipient) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .map(Received::of)
                .filter(received -> received.to().contains(recipient.value()))
                .map(Received::content)
                .toList();
    }
}
