package ai.kaptura.adapter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where the sandbox payment processor keeps its books at rest ({@code <work dir>/payments.json}): every checkout it
 * opened, each payment and expiry event it built, each refund. A processor forgets nothing when a node restarts —
 * Stripe does not — so neither does its stand-in: after a crash the person's checkout page still answers, a payment is
 * re-sent with its own event id, and a refund finds the payment it gives back. Each change is written to a new file,
 * forced to the device and moved into place before the change is used, so a {@code kill -9} or a power cut leaves the
 * old books or the new ones, never half of either. The books hold order ids, amounts and opaque references, nothing
 * about a person.
 */
final class PaymentLedger {

    static final String FILE = "payments.json";

    private final Path file;

    PaymentLedger(Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox cannot create its directory " + workDir, e);
        }
        this.file = workDir.resolve(FILE);
    }

    /** The books as last written, if any. */
    Optional<ObjectNode> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.readObject(Files.readAllBytes(file))
                    .orElseThrow(() -> new IllegalStateException(
                            "The sandbox's payment books " + file + " are not readable JSON")));
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox cannot read its payment books " + file, e);
        }
    }

    /** Replaces the books with {@code books}, durably, before answering. */
    void write(ObjectNode books) {
        Path temporary = file.resolveSibling("." + FILE + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(Json.bytes(books));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox cannot write its payment books " + file, e);
        }
    }

    static ArrayNode array(JsonNode books, String field) {
        JsonNode node = books.get(field);
        return node instanceof ArrayNode array ? array : Json.object().arrayNode();
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform lets a directory be opened and forced; the rename is then as durable as it gets there.
        }
    }
}
