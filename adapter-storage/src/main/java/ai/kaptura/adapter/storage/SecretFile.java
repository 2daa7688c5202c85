package ai.kaptura.adapter.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random secret generated once into a file of the data dir, for embedded mode (the master key, the callback
 * secret): base64 on one line, readable by its owner only. It is written whole into a private temporary file and
 * then linked into place, so a reader never sees half a secret, the secret is never readable by others, and of
 * two processes racing to create it the first one's is kept (linking fails when the name exists).
 */
final class SecretFile {

    private SecretFile() {}

    /**
     * The secret in {@code file}, generated with {@code bytes} random bytes if the file does not exist yet.
     *
     * @param what names the secret in the error, such as "the embedded master key"
     */
    static byte[] readOrCreate(Path file, int bytes, String what) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[bytes];
                new SecureRandom().nextBytes(fresh);
                Path temp = privateTempFile(dir, file.getFileName().toString());
                try {
                    Files.writeString(
                            temp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                    link(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // Another process generated it first: use theirs.
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " " + file + " cannot be read or created", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    what + " " + file + " is not base64; remove it to generate a new one only if"
                            + " nothing depends on the old one",
                    e);
        }
    }

    private static void link(Path file, Path temp) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (UnsupportedOperationException noHardLinks) {
            Files.move(temp, file); // refuses, too, when the name exists
        }
    }

    private static Path privateTempFile(Path dir, String name) throws IOException {
        try {
            return Files.createTempFile(
                    dir,
                    "." + name,
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the data dir's own permissions protect it.
            return Files.createTempFile(dir, "." + name, ".tmp");
        }
    }
}
