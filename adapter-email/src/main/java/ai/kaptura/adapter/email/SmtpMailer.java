package ai.kaptura.adapter.email;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Hands each message to an SMTP server (the operator's mail provider, or a relay) as a
 * {@code multipart/alternative} of a plain-text and an HTML part (see {@link MailTemplates}), through
 * Eclipse Angus Mail.
 *
 * <p><b>At least once, recognisably.</b> SMTP has no idempotency on the server side. This mailer keeps,
 * in memory, the keys it has handed over (the latest {@value #REMEMBERED}), so a repeated send in the
 * same process sends nothing. A restart between the server's acceptance and the job recording its
 * success sends the message a second time: that is SMTP's at-least-once nature. Both copies then carry
 * the same {@code Message-ID}, derived from the idempotency key ({@code <sha256-hex@sender-domain>}),
 * so mail systems and people can tell they are one message.
 *
 * <p>Connection, read and write timeouts are all set; STARTTLS, when chosen, is required, and the
 * server's certificate must match its name. Every failure is an {@link IllegalStateException} (the mail
 * job retries) whose message names the kind and the SMTP reply code, with the recipient's address
 * masked and no password (R37). The log line names the kind, never the address or the code.
 */
@Implements({Rule.R33, Rule.R37})
final class SmtpMailer implements Mailer {

    /** How many handed-over keys are remembered; older ones are forgotten first. */
    static final int REMEMBERED = 100_000;

    private static final System.Logger LOG = System.getLogger(SmtpMailer.class.getName());
    private static final int STRIPES = 64;

    private final String host;
    private final int port;
    private final Optional<String> username;
    private final Optional<String> password;
    private final SmtpSecurity security;
    private final InternetAddress from;
    private final String processorName;
    private final InstantSource clock;
    private final Session session;
    private final Set<String> handedOver =
            Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));
    private final Object[] stripes = new Object[STRIPES];

    /**
     * @param sessionOverrides extra Jakarta Mail session properties (tests trust their local server's
     *                         certificate with these); empty in production
     */
    SmtpMailer(
            String host,
            int port,
            Optional<String> username,
            Optional<String> password,
            SmtpSecurity security,
            String from,
            Duration timeout,
            String processorName,
            InstantSource clock,
            Properties sessionOverrides) {
        if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "An SMTP host name is required (got " + (host == null ? "nothing" : "'" + host + "'") + ")");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("The SMTP port must be between 1 and 65535 (got " + port + ")");
        }
        if (username.filter(u -> !u.isBlank()).isPresent()
                != password.filter(p -> !p.isEmpty()).isPresent()) {
            throw new IllegalArgumentException("An SMTP user name and password go together: give both or neither");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The SMTP timeout must be positive (got " + timeout + ")");
        }
        this.host = host.strip();
        this.port = port;
        this.username = username.filter(u -> !u.isBlank());
        this.password = password.filter(p -> !p.isEmpty());
        this.security = security;
        this.from = Senders.parsed(from);
        this.processorName = ProcessorNames.check(processorName);
        this.clock = clock;
        this.session = Session.getInstance(properties(timeout, sessionOverrides));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Properties properties(Duration timeout, Properties overrides) {
        String p = "mail." + security.protocol() + ".";
        String millis = Long.toString(timeout.toMillis());
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", security.protocol());
        props.setProperty(p + "host", host);
        props.setProperty(p + "port", Integer.toString(port));
        props.setProperty(p + "connectiontimeout", millis);
        props.setProperty(p + "timeout", millis);
        props.setProperty(p + "writetimeout", millis);
        props.setProperty(p + "auth", Boolean.toString(username.isPresent()));
        props.setProperty(p + "from", from.getAddress());
        switch (security) {
            case STARTTLS -> {
                props.setProperty(p + "starttls.enable", "true");
                props.setProperty(p + "starttls.required", "true");
                props.setProperty(p + "ssl.checkserveridentity", "true");
            }
            case TLS -> {
                props.setProperty(p + "ssl.enable", "true");
                props.setProperty(p + "ssl.checkserveridentity", "true");
            }
            case NONE -> props.setProperty(p + "starttls.enable", "false");
        }
        props.putAll(overrides);
        return props;
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(processorName);
    }

    @Override
    public void send(Mail mail) {
        MailTemplates.Rendered message = MailTemplates.render(mail);
        String key = IdempotencyKeys.opaque(mail.idempotencyKey());
        synchronized (stripes[Math.floorMod(key.hashCode(), STRIPES)]) {
            if (handedOver.contains(key)) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () -> "SMTP: " + message.described() + " was already handed over; not sent again");
                return;
            }
            Transport transport = null;
            try {
                MimeMessage mime = mime(mail, message, key);
                transport = session.getTransport(security.protocol());
                transport.connect(host, port, username.orElse(null), password.orElse(null));
                transport.sendMessage(mime, mime.getAllRecipients());
            } catch (MessagingException | RuntimeException e) {
                close(transport);
                throw new IllegalStateException("The SMTP server " + host + ":" + port + " did not take "
                        + message.described() + " (" + describe(e, mail) + ")");
            }
            close(transport);
            handedOver.add(key);
        }
        LOG.log(
                System.Logger.Level.INFO,
                () -> "SMTP: handed over " + message.described() + " to " + host + ":" + port);
    }

    /** Says goodbye; once the server has the message, a failed QUIT changes nothing. */
    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException ignored) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () -> "SMTP: the connection did not close cleanly ("
                                + ignored.getClass().getSimpleName() + ")");
            }
        }
    }

    private MimeMessage mime(Mail mail, MailTemplates.Rendered message, String key) throws MessagingException {
        MimeMessage mime = new KeyedMimeMessage(session, "<" + key + "@" + Senders.domain(from) + ">");
        mime.setFrom(from);
        mime.setRecipient(
                Message.RecipientType.TO, new InternetAddress(mail.to().value()));
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(Date.from(clock.instant()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    /** The failure in words safe for a log: its kind, the SMTP reply code if any, the text with the address masked. */
    private String describe(Exception e, Mail mail) {
        Throwable detail = e;
        int reply = -1;
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause() == t ? null : t.getCause()) {
            int code = switch (t) {
                case SMTPSendFailedException f -> f.getReturnCode();
                case SMTPAddressFailedException f -> f.getReturnCode();
                case SMTPSenderFailedException f -> f.getReturnCode();
                default -> -1;
            };
            if (code > 0) {
                reply = code;
                detail = t;
                break;
            }
        }
        String said =
                Scrub.text(detail.getMessage(), mail.to().value(), mail.to().masked(), password.orElse(null));
        return e.getClass().getSimpleName() + (reply > 0 ? ", reply " + reply : "") + ": " + said;
    }

    /** A message whose {@code Message-ID} is ours, derived from its idempotency key, not a random one. */
    private static final class KeyedMimeMessage extends MimeMessage {

        private final String messageId;

        KeyedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
