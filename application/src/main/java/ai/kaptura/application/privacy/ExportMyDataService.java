package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.AccessReport;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.in.ExportMyData;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Access and portability from the privacy page (R25, R29): the person's data as {@link ExportDocument JSON}, with the
 * Art. 15 information of an {@link AccessReport} for the categories held, and the files they gave and received, each with
 * its SHA-256. The request is logged, already answered, with its deadline (R20); it is answered on the web, as a
 * download (R24), and free (R22).
 */
@Implements({Rule.R20, Rule.R24, Rule.R25, Rule.R29})
public record ExportMyDataService(
        OrderBook book,
        Orders orders,
        ConsentLedger ledger,
        PrivacyRequests requests,
        Processors processors,
        Collection<String> configuredProcessors,
        PhotoVault vault,
        Transactions tx,
        AuditTrail audit,
        IdSupplier ids,
        InstantSource clock,
        Settings settings,
        AuditLog log)
        implements ExportMyData {

    /** At most this many audit entries about one subject (the account, an order, a selfie, a request) in an export. */
    static final int ENTRIES_PER_SUBJECT = 10_000;

    public ExportMyDataService {
        configuredProcessors = List.copyOf(configuredProcessors);
    }

    @Override
    public Export export(AccountId accountId) {
        Instant now = clock.instant();
        Account account = book.account(accountId);
        List<Order> mine = orders.ofAccount(accountId);
        List<ConsentRecord> consents = ledger.ofAccount(accountId);
        List<Part> files = new ArrayList<>();
        for (Order order : mine) {
            files.addAll(files(account, order, now));
        }
        AccessReport report = AccessReport.compose(
                AccessReport.held(mine, consents),
                processors.registry(),
                configuredProcessors,
                settings.retention(),
                settings.complaintRoute(),
                now);
        // Run again if the database rolls it back as a deadlock's loser (seen in bench/cluster.sh beside other people's
        // erasures): nothing of it was kept, so the answered request is simply recorded anew.
        PrivacyRequest request = Retry.onConflict(() -> tx.inTransaction(() -> {
            PrivacyRequest done = AnsweredRequests.record(requests, ids, settings, accountId, RequestKind.ACCESS, now);
            audit.record(
                    Actor.person(accountId),
                    AuditAction.DATA_EXPORTED,
                    Subject.of("privacy_request", done.id()),
                    Rule.R25,
                    Map.of("files", files.size()));
            return done;
        }));
        List<PrivacyRequest> asked = requests.ofAccount(accountId);
        String json = ExportDocument.json(account, mine, consents, asked, report, entriesAbout(accountId, mine, asked));
        return new Export(request.id(), report, json, files);
    }

    /**
     * The audit entries the access report says are held about the person (R25): those about the account, each of its
     * orders, selfies and headshots, and each of its privacy requests, in the log's order, each once.
     */
    private List<AuditEntry> entriesAbout(AccountId account, List<Order> mine, List<PrivacyRequest> asked) {
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(account.toString());
        for (Order order : mine) {
            subjects.add(order.id().toString());
            order.selfies().forEach(s -> subjects.add(s.id().toString()));
            order.headshots().forEach(h -> subjects.add(h.id().toString()));
        }
        asked.forEach(r -> subjects.add(r.id().toString()));
        Map<Long, AuditEntry> bySequence = new TreeMap<>();
        for (String subject : subjects) {
            log.about(subject, ENTRIES_PER_SUBJECT).forEach(e -> bySequence.putIfAbsent(e.sequence(), e));
        }
        return List.copyOf(bySequence.values());
    }

    /** The order's live selfies, read through the owner's-copy permit of the consent guard (R1), and its headshots. */
    private List<Part> files(Account account, Order order, Instant now) {
        List<Part> files = new ArrayList<>();
        SelfieReadPermit permit =
                BiometricGuard.forOwnerCopy(account, order, now).orElseThrow();
        for (Selfie selfie : order.liveSelfies()) {
            PhotoRef ref = selfie.photo().orElseThrow();
            Digest digest = switch (selfie) {
                case Selfie.Stored s -> s.sha256();
                case Selfie.SentToVendor s -> s.sha256();
                default -> throw new IllegalStateException("Only live selfies are exported");
            };
            files.add(new Part(
                    "orders/" + order.id() + "/selfies/" + selfie.id() + ".jpg",
                    "image/jpeg",
                    digest,
                    () -> vault.readSelfie(permit, account.id(), ref)));
        }
        for (Headshot h : order.headshots()) {
            files.add(new Part(
                    "orders/" + order.id() + "/headshots/" + h.id() + ".jpg",
                    "image/jpeg",
                    h.sha256(),
                    () -> vault.readHeadshot(account.id(), h.photo())));
        }
        return files;
    }
}
