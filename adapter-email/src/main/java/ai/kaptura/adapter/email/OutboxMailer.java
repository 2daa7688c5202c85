package ai.kaptura.adapter.email;

import ai.kaptura.domain.shared.Digest;
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
 * Writes each message into a directory instead of sending it: one UTF-8 text file per message, named
 * {@code <UTC time>-<kind>-<id>.txt}, where the id is derived from the idempotency key, so a second
 * send with the same key (even after a restart) finds the file and writes nothing. A file appears
 * whole or not at all (written aside, then moved into place).
 *
 * <p>The log line names the kind and the file, never the recipient or the code (R37).
 */
final class OutboxMailer implements Mailer {

    private static final System.Logger LOG = System.getLogger(OutboxMailer.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

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
        PlainTextMessages.Message message = PlainTextMessages.render(mail);
        String id = idOf(mail.idempotencyKey());
        synchronized (lock) {
            try {
                Files.createDirectories(directory);
                Optional<Path> existing = existing(id);
                if (existing.isPresent()) {
                    String name = existing.get().getFileName().toString();
                    LOG.log(System.Logger.Level.DEBUG, () -> "Outbox: " + message.kind() + " mail already written as " + name + "; not written again");
                    return;
                }
                Instant now = clock.instant();
                String name = STAMP.format(now) + "-" + message.kind() + "-" + id + ".txt";
                Path temporary = directory.resolve("." + id + ".tmp");
                Files.writeString(temporary, content(mail, message, now), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                LOG.log(System.Logger.Level.INFO, () -> "Outbox: wrote a " + message.kind() + " mail as " + name);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The outbox could not take a " + message.kind() + " mail ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
    }

    /** A short, stable id for an idempotency key: the first 16 hex digits of its SHA-256. */
    private static String idOf(String idempotencyKey) {
        return Digest.sha256(idempotencyKey).hex().substring(0, 16);
    }

    private Optional<Path> existing(String id) throws IOException {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, "*-" + id + ".txt")) {
            Iterator<Path> first = found.iterator();
            return first.hasNext() ? Optional.of(first.next()) : Optional.empty();
        }
    }

    private static String content(Mail mail, PlainTextMessages.Message message, Instant now) {
        return "To: " + mail.to().value() + "\n"
                + "Subject: " + message.subject() + "\n"
                + "Date: " + now + "\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "\n"
                + message.body();
    }
}
