package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mailer;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SMTP mailers pointed at a test's local GreenMail server, and what that server received. */
final class LocalSmtp {

    static final String FROM = "Kaptura <no-reply@kaptura.example>";

    private LocalSmtp() {}

    /** A mailer to {@code server}'s plain SMTP port, answering as {@code provider}, with five seconds per hand-over. */
    static Mailer mailer(
            GreenMailExtension server,
            Optional<String> user,
            Optional<String> password,
            String security,
            String provider,
            InstantSource clock) {
        return EmailAdapters.smtp(
                server.getSmtp().getBindTo(),
                server.getSmtp().getPort(),
                user,
                password,
                security,
                FROM,
                Duration.ofSeconds(5),
                provider,
                clock);
    }

    /** A mailer to {@code server}'s plain SMTP port without a login or TLS. */
    static Mailer plain(GreenMailExtension server, String provider, InstantSource clock) {
        return mailer(server, Optional.empty(), Optional.empty(), "none", provider, clock);
    }

    /** The mailer a production setting with STARTTLS would make, answering as {@code provider}; it never connects here. */
    static Mailer remote(String provider) {
        return EmailAdapters.smtp(
                "mail.example.org",
                587,
                Optional.empty(),
                Optional.empty(),
                "starttls",
                FROM,
                Duration.ofSeconds(5),
                provider,
                InstantSource.system());
    }

    /** The content of every mail {@code server} received for {@code recipient}. */
    static List<String> deliveredTo(GreenMailExtension server, EmailAddress recipient) {
        return Arrays.stream(server.getReceivedMessages())
                .map(Received::of)
                .filter(received -> received.to().contains(recipient.value()))
                .map(Received::content)
                .toList();
    }
}
