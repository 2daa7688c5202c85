package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.RateLimits;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * The child process of {@link CrashDurabilityTest}: commits for ever and prints a line for each commit only after the
 * commit returned, until it is killed. Each commit is one transaction as a use case makes it (an account, its audit
 * entry, a job), and every tenth is followed by a rate-limit attempt, which bucket4j commits on a connection of its
 * own.
 *
 * <p>Arguments: {@code embedded <data dir>}, {@code postgres <jdbc url> <schema>}, or {@code h2 <jdbc url>} (any H2
 * URL, for the control that shows what H2's defaults lose).
 */
public final class CommitsThenCrash {

    static final String READY = "ready";
    static final String ACKED = "acked ";
    /** One attempt an hour: after the restart, a second attempt is refused only if the first one was kept. */
    static final RateLimits.Limit LIMIT = new RateLimits.Limit("crash-test", 1, Duration.ofHours(1));

    private CommitsThenCrash() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (PersistenceAdapter db = open(args)) {
            db.migrate();
            RateLimits limits = db.rateLimits(InstantSource.system(), new byte[32]);
            out.println(READY);
            for (long n = 0; ; n++) {
                AccountId id = new AccountId(UUID.randomUUID());
                Instant now = Instant.now();
                db.transactions().run(() -> {
                    db.accounts().save(Account.open(id, EmailAddress.of("crash-" + id + "@example.org"), now));
                    db.auditLog()
                            .append(AuditEvent.of(
                                    now,
                                    Actor.SYSTEM,
                                    AuditAction.ACCOUNT_OPENED,
                                    Subject.of("account", id),
                                    Rule.R46));
                    db.jobs()
                            .enqueue(new Job(
                                    JobKind.SEND_EMAIL,
                                    "crash:" + id,
                                    "ORDER_CONFIRMED " + id,
                                    now.plus(Duration.ofDays(1))));
                });
                out.println(ACKED + id);
                if (n % 10 == 0) {
                    limits.attempt(LIMIT, "counter-" + id);
                    out.println(ACKED + "counter-" + id);
                }
            }
        }
    }

    static PersistenceAdapter open(String[] args) {
        return switch (args[0]) {
            case "embedded" -> PersistenceAdapter.open(null, null, null, Path.of(args[1]));
            case "postgres" ->
                PersistenceAdapter.open(
                        args[1], TestDatabases.postgresUser().orElse(null), null, Path.of("target"), args[2]);
            case "h2" -> new PersistenceAdapterOnUrl(args[1]).open();
            default -> throw new IllegalArgumentException("embedded, postgres or h2, not " + args[0]);
        };
    }

    /** Any H2 URL as the adapter's database (package access), for the control run on H2's own defaults. */
    record PersistenceAdapterOnUrl(String url) {
        PersistenceAdapter open() {
            return PersistenceAdapter.onDatabase(Database.open(
                    Optional.of(url), Optional.empty(), Optional.empty(), Path.of("target"), Optional.empty(), 4));
        }
    }
}
