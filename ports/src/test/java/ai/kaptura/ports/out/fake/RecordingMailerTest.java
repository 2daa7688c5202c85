package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.contract.MailerContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingMailerTest extends MailerContract {

    private RecordingMailer fake;

    @Override
    protected Mailer mailer() {
        fake = new RecordingMailer();
        return fake;
    }

    @Override
    protected List<String> deliveredTo(EmailAddress recipient) {
        return fake.deliveredTo(recipient).stream().map(RecordingMailer::text).toList();
    }

    @Test
    void a_failing_provider_delivers_nothing_and_the_retry_delivers_once() {
        Mail.SignInCode mail =
                new Mail.SignInCode(ADA, key("sign-in"), "123456", "https://kaptura.example/auth/link?token=a.b");
        fake.failNextSends(1);

        assertThatThrownBy(() -> fake.send(mail)).isInstanceOf(IllegalStateException.class);
        assertThat(fake.delivered()).isEmpty();
        fake.send(mail);
        fake.send(mail);

        assertThat(fake.delivered()).containsExactly(mail);
        assertThat(fake.latest(Mail.SignInCode.class, ADA)).contains(mail);
        assertThat(fake.latest(Mail.SignInCode.class, GRACE)).isEmpty();
    }
}
