package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.AccessReport;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Access and portability (R25, R29): everything held about the person as JSON, the files they gave
 * and received, a manifest with SHA-256 of each part, and the Art. 15 information.
 */
@Implements({Rule.R25, Rule.R29})
public interface ExportMyData {

    /**
     * One file of the export: its path in the archive, the SHA-256 of its bytes (for the manifest,
     * R29), and its content, opened only when the archive is written.
     */
    record Part(String path, String mediaType, Digest sha256, Supplier<InputStream> content) {}

    /**
     * The export: the JSON of everything held (with the Art. 15 information, R25) as {@code dataJson},
     * and the person's files. The archive holds {@code data.json}, the files, and a manifest listing each
     * with its SHA-256.
     */
    record Export(PrivacyRequestId request, AccessReport report, String dataJson, List<Part> files) {
        public Export {
            files = List.copyOf(files);
        }
    }

    Export export(AccountId account);
}
