package ai.kaptura.app;

import ai.kaptura.adapter.storage.StorageAdapter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret that signs callback tokens and sandbox events: {@code KAPTURA_CALLBACK_SECRET} (base64, at
 * least 32 bytes), or, outside production, one generated once into {@code <data dir>/callback.key},
 * readable by its owner only. Production refuses a generated one (see {@link Configuration}).
 */
final class Secrets {

    static final String FILE = "callback.key";

    private Secrets() {}

    static byte[] callbackSecret(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(configured.get());
            } catch (IllegalArgumentException e) {
                throw new Configuration.Invalid(
                        java.util.List.of("KAPTURA_CALLBACK_SECRET is not valid base64 (openssl rand -base64 32)"));
            }
            if (raw.length < 32) {
                throw new Configuration.Invalid(
                        java.util.List.of("KAPTURA_CALLBACK_SECRET must hold at least 32 bytes"));
            }
            return raw;
        }
        return StorageAdapter.secretFile(dataDir.resolve(FILE), 32, "The callback secret");
    }
}
