package ai.kaptura.application.audit;

import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.DeletionRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The auditor's offline bundle (R12, R20, R35, R46, R50): one ZIP an auditor checks with no access to Kaptura. The chain
 * part ({@value #LOG}, {@value #CHECKPOINTS}, {@value #KEY}) is what {@code kaptura audit verify --bundle} verifies; the
 * rest is the evidence it is read with.
 *
 * <ul>
 *   <li>{@value #LOG}: one line per entry, {@code v1 <sequence> <previous hash> <hash> <canonical, base64>};
 *   <li>{@value #CHECKPOINTS}: one signed checkpoint of the chain's head per line; {@value #KEY}: the Ed25519 public
 *       key, X.509, base64;
 *   <li>{@value #RULES}: per rule, its id, title, source, the classes that keep it and the tests that prove it;
 *   <li>{@value #PROCESSING}: the record of processing (R35); {@value #RETENTION}: the published retention schedule
 *       (R12);
 *   <li>{@value #REQUESTS}: every privacy request with its received, due and closed dates (R20);
 *   <li>{@value #CONSENTS}: the consent ledger counted per notice version, purpose and decision (R6);
 *   <li>{@value #DELETIONS}: the deletion evidence counted per category, location and reason (R10, R27).
 * </ul>
 *
 * Every part is text (tab-separated where it is a table), so it reads in any editor and diffs between two bundles.
 */
@Implements({Rule.R12, Rule.R20, Rule.R35, Rule.R46, Rule.R50})
public final class AuditBundleWriter {

    public static final String LOG = "audit-log.txt";
    public static final String CHECKPOINTS = "checkpoints.txt";
    public static final String KEY = "audit-key.txt";
    public static final String RULES = "rules.tsv";
    public static final String PROCESSING = "record-of-processing.txt";
    public static final String RETENTION = "retention-schedule.txt";
    public static final String REQUESTS = "requests.tsv";
    public static final String CONSENTS = "consent-counts.tsv";
    public static final String DELETIONS = "deletion-evidence-counts.tsv";
    public static final String README = "README.txt";

    /** What a bundle was made of. */
    public record Written(long entries, int checkpoints, int requests) {}

    private AuditBundleWriter() {}

    /** The parts of one bundle, gathered by the caller. */
    record Parts(
            Iterator<AuditEntry> entries,
            List<AuditCheckpoint.Signed> checkpoints,
            PublicKey key,
            String ruleIndex,
            RecordOfProcessing processing,
            RetentionSchedule retention,
            Iterator<PrivacyRequest> requests,
            DeadlineCalendar calendar,
            List<ConsentLedger.Count> consents,
            List<DeletionRecords.Count> deletions,
            Instant now) {}

    static Written write(OutputStream out, Parts parts) {
        try {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            Writer text = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry(README));
            text.write(readme(parts.now()));
            text.flush();
            zip.putNextEntry(new ZipEntry(LOG));
            long entries = 0;
            while (parts.entries().hasNext()) {
                AuditEntry e = parts.entries().next();
                text.write("v1 " + e.sequence() + " " + e.previousHash().hex() + " "
                        + e.hash().hex() + " "
                        + Base64.getEncoder().encodeToString(AuditChain.canonical(e.sequence(), e.event())) + "\n");
                entries++;
            }
            text.flush();
            part(zip, text, CHECKPOINTS, parts.checkpoints(), AuditCheckpoint.Signed::toText);
            part(zip, text, KEY, List.of(parts.key()), k -> Base64.getEncoder().encodeToString(k.getEncoded()));
            zip.putNextEntry(new ZipEntry(RULES));
            text.write(parts.ruleIndex());
            text.flush();
            zip.putNextEntry(new ZipEntry(PROCESSING));
            text.write(parts.processing().asText());
            text.flush();
            zip.putNextEntry(new ZipEntry(RETENTION));
            text.write(parts.retention().asText());
            text.flush();
            zip.putNextEntry(new ZipEntry(REQUESTS));
            text.write(
                    "id\tkind\tchannel\treceived_at\tdue_on\textended\tstatus\tclosed_at\toverdue_when_closed_or_now\n");
            int requests = 0;
            while (parts.requests().hasNext()) {
                PrivacyRequest r = parts.requests().next();
                Instant judged = r.closedAt().orElse(parts.now());
                text.write(String.join(
                                "\t",
                                r.id().toString(),
                                r.kind().name(),
                                r.channel().name(),
                                r.receivedAt().toString(),
                                r.dueOn().toString(),
                                Boolean.toString(r.extension().isPresent()),
                                r.status().name(),
                                r.closedAt().map(Instant::toString).orElse(""),
                                Boolean.toString(judged.isAfter(r.dueBy(parts.calendar()))))
                        + "\n");
                requests++;
            }
            text.flush();
            part(
                    zip,
                    text,
                    CONSENTS,
                    parts.consents(),
                    c -> c.version() + "\t" + c.purpose() + "\t" + c.decision() + "\t" + c.live() + "\t"
                            + c.tombstones(),
                    "notice_version\tpurpose\tdecision\tlive_records\ttombstones");
            part(
                    zip,
                    text,
                    DELETIONS,
                    parts.deletions(),
                    d -> d.category() + "\t" + d.location() + "\t" + d.reason() + "\t" + d.evidence(),
                    "category\tlocation\treason\tevidence");
            zip.finish();
            zip.flush();
            return new Written(entries, parts.checkpoints().size(), requests);
        } catch (IOException e) {
            throw new UncheckedIOException("The audit bundle could not be written", e);
        }
    }

    private static <T> void part(ZipOutputStream zip, Writer text, String name, List<T> items, Function<T, String> line)
            throws IOException {
        part(zip, text, name, items, line, null);
    }

    private static <T> void part(
            ZipOutputStream zip, Writer text, String name, List<T> items, Function<T, String> line, String header)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        if (header != null) {
            text.write(header + "\n");
        }
        for (T item : items) {
            text.write(line.apply(item) + "\n");
        }
        text.flush();
    }

    private static String readme(Instant now) {
        return "Kaptura audit bundle, written " + now + "\n\n"
                + "Check the chain anywhere, with no database: kaptura audit verify --bundle THIS.zip\n"
                + "It recomputes every entry's hash from its canonical bytes, follows the chain, and checks it against"
                + " the newest signed checkpoint (Ed25519, key in " + KEY + "): an edited entry, a recomputed chain or"
                + " a cut tail fails.\n\n"
                + LOG + "\tone line per audit entry: v1 <sequence> <previous hash> <hash> <canonical bytes, base64>\n"
                + CHECKPOINTS + "\tthe signed checkpoints of the chain's head\n"
                + KEY + "\tthe public half of the audit key (X.509, base64)\n"
                + RULES + "\tevery rule: id, title, source, where it is kept (classes) and tested (test classes)\n"
                + PROCESSING + "\tthe record of processing (GDPR Art. 30), generated from the processor registry\n"
                + RETENTION + "\tthe published retention schedule, rendered from the policy the jobs run\n"
                + REQUESTS + "\tevery privacy request with its received, due and closed dates\n"
                + CONSENTS + "\tthe consent ledger counted per notice version, purpose and decision\n"
                + DELETIONS + "\tthe deletion evidence counted per data category, location and reason\n";
    }
}
