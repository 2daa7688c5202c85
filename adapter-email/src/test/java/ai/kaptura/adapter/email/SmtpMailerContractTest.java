package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.contract.MailerContract;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Mailer contract, against a local SMTP server (GreenMail on a free port). */
class SmtpMailerContractTest extends MailerContract {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Override
    protected Mailer mailer() {
        return LocalSmtp.plain(SMTP, "smtp", InstantSource.fixed(Instant.parse("2026-11-02T09:30:00Z")));
    }

    @Override
    protected List<String> deliveredTo(EmailAddress recipient) {
        return LocalSmtp.deliveredTo(SMTP, recipient);
    }
}
