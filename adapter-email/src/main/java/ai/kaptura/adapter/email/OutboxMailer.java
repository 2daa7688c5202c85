package ai.kaptura.adapter.email;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Optional;

/**
 * Writes each message into a directory instead of sending it. Nothing leaves the machine.
 *
 * <p><b>File layout.</b> One UTF-8 file per message, named {@code <UTC time>-<kind>-<id>.txt}, e.g.
 * {@code 20261102T093000000Z-sign-in-code-3f2a9c1e0b7d4a65.txt}, where the kind is the message's slug
 * ({@code sign-in-code}, {@code verify-new-address}, {@code address-changed}, {@code order-confirmed},
 * {@code headshots-ready}, {@code order-failed}, {@code consent-renewal-needed}, {@code consent-renewal-reminder},
 * {@code consent-renewal-lapsed}, {@code privacy-request-received}, {@code privacy-request-completed}) and the id
 * is the first 16 hex digits of the SHA-256 of the idempotency key. Neither holds the address. Each
 * file is a MIME message (LF line ends) that reads as plain text from the top:
 * <pre>
 * To: ada@example.org
 * Subject: Your Kaptura sign-in code
 * Date: Mon, 2 Nov 2026 09:30:00 GMT
 * MIME-Version: 1.0
 * Content-Type: multipart/alternative; boundary="kaptura-3f2a9c1e0b7d4a65"
 *
 * --kaptura-3f2a9c1e0b7d4a65
 * Content-Type: text/plain; charset=UTF-8
 * Content-Transfer-Encoding: 8bit
 *
 * Your sign-in code is:
 *
 *     048213
 * ...
 * --kaptura-3f2a9c1e0b7d4a65
 * Content-Type: text/html; charset=UTF-8
 * Content-Transfer-Encoding: 8bit
 *
 * &lt;!DOCTYPE html&gt; ...
 * --kaptura-3f2a9c1e0b7d4a65--
 * </pre>
 * So a developer or an operator finds a sign-in code or link in the text part near the top (or
 * {@code grep}s for it), and can open a copy renamed to {@code .eml} in a mail client to see the HTML.
 *
 * <p><b>Once per key.</b> A second send with the same key, even after a restart, finds the file by its
 * id and writes nothing. A file appears whole or not at all (written aside, then moved into place).
 *
 * <p>The INFO log line names the kind and the file, never the recipient or the code (R37).
 */
@Implements(Rule.R37)
final class OutboxMailer implements Mailer {

    private static final System.Logger LOG = System.getLogger(OutboxMailer.class.getName());
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final InstantSource clock;
    private final Object lock = new Object();

    OutboxMailer(Path directory, InstantSource clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public Optional<String> processorName() {
        return Optional.empty();
    }

    @Override
    public void send(Mail mail) {
        MailTemplates.Rendered message = MailTemplates.render(mail);
        String id = IdempotencyKeys.opaque(mail.idempotencyKey()).substring(0, 16);
        synchronized (lock) {
            try {
                Files.createDirectories(directory);
                Optional<Path> existing = existing(id);
                if (existing.isPresent()) {
                    String name = existing.get().getFileName().toString();
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            () -> "Outbox: " + message.described() + " already written as " + name
                                    + "; not written again");
                    return;
                }
                Instant now = clock.instant();
                String name = STAMP.format(now) + "-" + message.kind() + "-" + id + ".txt";
                Path temporary = directory.resolve("." + id + ".tmp");
                Files.writeString(
                        temporary,
                        content(mail, message, id, now),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                LOG.log(System.Logger.Level.INFO, () -> "Outbox: wrote " + message.described() + " as " + name);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "The outbox could not take " + message.described() + " ("
                                + e.getClass().getSimpleName() + ")",
                        e);
            }
        }
    }

    private Optional<Path> existing(String id) throws IOException {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, "*-" + id + ".txt")) {
            Iterator<Path> first = found.iterator();
            return first.hasNext() ? Optional.of(first.next()) : Optional.empty();
        }
    }

    private static String content(Mail mail, MailTemplates.Rendered message, String id, Instant now) {
        String boundary = "kaptura-" + id;
        return "To: " + mail.to().value() + "\n"
                + "Subject: " + message.subject() + "\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)) + "\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\n"
                + "\n"
                + part(boundary, "text/plain", message.text())
                + part(boundary, "text/html", message.html())
                + "--" + boundary + "--\n";
    }

    private static String part(String boundary, String type, String body) {
        return "--" + boundary + "\n"
                + "Content-Type: " + type + "; charset=UTF-8\n"
                + "Content-Transfer-Encoding: 8bit\n"
                + "\n"
                + body + (body.endsWith("\n") ? "" : "\n");
    }
}
