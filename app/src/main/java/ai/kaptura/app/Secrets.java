package ai.kaptura.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret that signs callback tokens and sandbox events: {@code KAPTURA_CALLBACK_SECRET} (base64, at
 * least 32 bytes), or, outside production, one generated once into {@code <data dir>/callback.key},
 * readable by its owner only. Production refuses a generated one (see {@link Configuration}).
 */
final class Secrets {

    static final String FILE = "callback.key";

    private Secrets() {
    }

    static byte[] callbackSecret(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(configured.get());
            } catch (IllegalArgumentException e) {
                throw new Configuration.Invalid(java.util.List.of("KAPTURA_CALLBACK_SECRET is not valid base64 (openssl rand -base64 32)"));
            }
            if (raw.length < 32) {
                throw new Configuration.Invalid(java.util.List.of("KAPTURA_CALLBACK_SECRET must hold at least 32 bytes"));
            }
            return raw;
        }
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path temp;
                try {
                    temp = Files.createTempFile(dataDir, ".callback.key", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    temp = Files.createTempFile(dataDir, ".callback.key", ".tmp");
                }
                try {
                    Files.writeString(temp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // another process wrote it first: theirs is used
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("The callback secret " + file + " cannot be read or created", e);
        }
    }
}
