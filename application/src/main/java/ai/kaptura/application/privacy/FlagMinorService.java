package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.FlagMinor;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Flagging an account as a minor's (R42): all processing stops and its sessions end at once, and the account is erased
 * like a request (the {@link ErasureStart same start}, unless an erasure is already open) within 72 hours, vendors
 * included.
 */
@Implements(Rule.R42)
public record FlagMinorService(
        Accounts accounts,
        Sessions sessions,
        ErasureStart erasure,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock)
        implements FlagMinor {

    @Override
    public Outcome handle(Command command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Account> found = accounts.find(command.account());
            if (found.isEmpty() || found.get().status() == AccountStatus.ERASED) {
                return new Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such account"));
            }
            MinorFlag flag = new MinorFlag(now, command.source(), command.reason());
            Account flagged = accounts.save(found.get().flagAsMinor(flag));
            audit.record(
                    command.by(),
                    AuditAction.MINOR_FLAGGED,
                    Subject.of("account", flagged.id()),
                    Rule.R42,
                    Map.of("source", command.source(), "erasure_deadline", flag.erasureDeadline()));
            sessions.deleteAllOf(flagged.id());
            PrivacyRequest request = erasure.open(flagged.id())
                    .orElseGet(() -> erasure.start(
                            flagged, command.by(), ConsentMethod.MINOR_FLAG, DeletionReason.MINOR_FLAGGED, now));
            return new Outcome.Flagged(request.id(), flag.erasureDeadline());
        }));
    }
}
