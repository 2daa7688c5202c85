package ai.kaptura.app;

import ai.kaptura.application.audit.AuditBundleWriter;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reading the auditor's offline bundle back (R46, R50), as {@link AuditBundleWriter} writes it: every entry (its
 * canonical bytes and its hashes), the signed checkpoints and the audit key's public half, so that the chain is checked
 * against the checkpoints with no access to the database ({@link #verify}).
 *
 * <p>{@code audit-log.txt}: one line per entry, {@code v1 <sequence> <previous hash> <hash> <canonical, base64>};
 * {@code checkpoints.txt}: one signed checkpoint per line; {@code audit-key.txt}: the Ed25519 public key, X.509, base64;
 * {@code rules.txt}: {@code <id> TAB <title> TAB <source>} per rule.
 */
@Implements({Rule.R46, Rule.R50})
final class AuditBundle {

    static final String LOG = AuditBundleWriter.LOG;
    static final String CHECKPOINTS = AuditBundleWriter.CHECKPOINTS;
    static final String KEY = AuditBundleWriter.KEY;

    private AuditBundle() {}

    /** What a bundle holds, read back. */
    record Contents(List<AuditEntry> entries, List<AuditCheckpoint.Signed> checkpoints, PublicKey key) {}

    /**
     * Reads a bundle back.
     *
     * @throws IllegalArgumentException if a part is missing or not in its form
     */
    static Contents read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            List<AuditEntry> entries = lines(zip, LOG, AuditBundle::entry);
            List<AuditCheckpoint.Signed> checkpoints = lines(zip, CHECKPOINTS, AuditCheckpoint.Signed::parse);
            List<PublicKey> keys = lines(zip, KEY, AuditBundle::key);
            if (keys.size() != 1) {
                throw new IllegalArgumentException("The bundle holds " + keys.size() + " audit keys, not one");
            }
            return new Contents(entries, checkpoints, keys.getFirst());
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a readable audit bundle: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** Verifies a bundle's chain against its checkpoints and key, without the database. */
    static AuditChain.Verification verify(Contents contents) {
        return AuditChain.verifyAnchored(contents.entries(), contents.checkpoints(), contents.key());
    }

    private static <T> List<T> lines(ZipFile zip, String name, Function<String, T> parse) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IllegalArgumentException("The bundle has no " + name);
        }
        List<T> read = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    read.add(parse.apply(line));
                }
            }
        }
        return read;
    }

    private static AuditEntry entry(String line) {
        String[] words = line.split(" ");
        if (words.length != 5 || !words[0].equals("v1")) {
            throw new IllegalArgumentException("Not an audit entry line: " + line);
        }
        AuditEntry entry = AuditChain.fromCanonical(
                Base64.getDecoder().decode(words[4]), new Digest(words[2]), new Digest(words[3]));
        if (entry.sequence() != Long.parseLong(words[1])) {
            throw new IllegalArgumentException("Entry " + words[1] + " holds the content of entry " + entry.sequence());
        }
        return entry;
    }

    private static PublicKey key(String line) {
        try {
            return KeyFactory.getInstance(AuditCheckpoint.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(line.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The bundle's audit key is not an Ed25519 public key", e);
        }
    }
}
