package ai.kaptura.adapter.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A message as an SMTP server received it, decoded as a mail client shows it. */
record Received(List<String> to, String from, String subject, String messageId, String contentType, List<Part> parts) {

    record Part(String contentType, String content) {}

    static Received of(MimeMessage message) {
        try {
            List<Part> parts = new ArrayList<>();
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    parts.add(new Part(part.getContentType(), part.getContent().toString()));
                }
            } else {
                parts.add(new Part(message.getContentType(), content.toString()));
            }
            return new Received(
                    addresses(message.getRecipients(Message.RecipientType.TO)),
                    addresses(message.getFrom()).getFirst(),
                    message.getSubject(),
                    message.getMessageID(),
                    message.getContentType(),
                    parts);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null
                ? List.of()
                : Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** Headers, then each part's decoded content. */
    String content() {
        return "From: " + from + "\nTo: " + String.join(", ", to) + "\nSubject: " + subject + "\nMessage-ID: "
                + messageId + "\n\n" + parts.stream().map(Part::content).collect(Collectors.joining("\n"));
    }

    String part(String mimeType) {
        return parts.stream()
                .filter(p -> p.contentType().toLowerCase().startsWith(mimeType))
                .map(Part::content)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + mimeType + " part in " + parts));
    }
}
