package ai.kaptura.domain.privacy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's request to exercise a right. It is free (R22: there is no fee to charge), answered on the
 * channel it came by (R24), due one month after receipt counted per Reg. 1182/71 (R20), extendable once
 * with a reason within that first month, and closed either by completing it or by a refusal with reasons
 * and the right to complain (R21). An erasure carries its per-location checklist and completes only when
 * every location has evidence (R27).
 */
@Implements({Rule.R20, Rule.R21, Rule.R22, Rule.R24, Rule.R27})
public record PrivacyRequest(
        PrivacyRequestId id,
        AccountId account,
        RequestKind kind,
        Channel channel,
        Instant receivedAt,
        LocalDate dueOn,
        Optional<Extension> extension,
        Status status,
        Optional<Instant> closedAt,
        Optional<Refusal> refusal,
        Optional<ErasureChecklist> checklist,
        long version) {

    public enum Status {
        RECEIVED,
        COMPLETED,
        REFUSED
    }

    public PrivacyRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receivedAt, "received at");
        Objects.requireNonNull(dueOn, "due on");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(closedAt, "closed at");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(checklist, "checklist");
        if ((kind == RequestKind.ERASURE) != checklist.isPresent()) {
            throw new DomainViolation("An erasure request, and only one, carries an erasure checklist");
        }
        if ((status == Status.RECEIVED) == closedAt.isPresent()) {
            throw new DomainViolation("A request is closed exactly when it is completed or refused");
        }
        if ((status == Status.REFUSED) != refusal.isPresent()) {
            throw new DomainViolation("A refused request, and only one, carries its refusal");
        }
    }

    /** A request received now; its due day follows from the calendar (R20). */
    public static PrivacyRequest receive(
            PrivacyRequestId id,
            AccountId account,
            RequestKind kind,
            Channel channel,
            Instant now,
            DeadlineCalendar calendar,
            List<Location> processors) {
        Optional<ErasureChecklist> checklist =
                kind == RequestKind.ERASURE ? Optional.of(ErasureChecklist.covering(processors)) : Optional.empty();
        return new PrivacyRequest(
                id,
                account,
                kind,
                channel,
                now,
                calendar.answerDue(now),
                Optional.empty(),
                Status.RECEIVED,
                Optional.empty(),
                Optional.empty(),
                checklist,
                0);
    }

    public boolean isOpen() {
        return status == Status.RECEIVED;
    }

    /** The instant the answer is late from. */
    public Instant dueBy(DeadlineCalendar calendar) {
        return calendar.endOf(dueOn);
    }

    public boolean isOverdue(Instant now, DeadlineCalendar calendar) {
        Instant answeredOrNow = closedAt.orElse(now);
        return !answeredOrNow.isBefore(dueBy(calendar));
    }

    /** R24: the answer goes back the way the request came. */
    public Channel answerChannel() {
        return channel.answerChannel();
    }

    /**
     * R20: one extension by two further months, only with a reason, only while the first month runs.
     */
    public Result<PrivacyRequest> extend(String reason, Instant now, DeadlineCalendar calendar) {
        if (!isOpen()) {
            return refusedAsClosed();
        }
        if (extension.isPresent()) {
            return Result.refused(
                    Rejection.Reason.EXTENSION_NOT_ALLOWED, "Request " + id + " was already extended once");
        }
        if (reason == null || reason.isBlank()) {
            return Result.refused(
                    Rejection.Reason.EXTENSION_NOT_ALLOWED, "An extension needs a reason given to the person");
        }
        Instant firstMonthEnds = calendar.endOf(calendar.answerDue(receivedAt));
        if (!now.isBefore(firstMonthEnds)) {
            return Result.refused(
                    Rejection.Reason.EXTENSION_NOT_ALLOWED,
                    "An extension must be decided within the first month (by " + calendar.answerDue(receivedAt) + ")");
        }
        LocalDate extended = calendar.extendedDue(receivedAt);
        Optional<Extension> extension = Optional.of(new Extension(reason, now, extended));
        return Result.ok(with(extended, extension, status, closedAt, refusal, checklist, version));
    }

    /** R27: erasure evidence for one location. */
    public PrivacyRequest recordErasure(Location location, LocationOutcome outcome) {
        ErasureChecklist list =
                checklist.orElseThrow(() -> new DomainViolation("Request " + id + " is not an erasure"));
        return with(dueOn, extension, status, closedAt, refusal, Optional.of(list.record(location, outcome)), version);
    }

    /** Closing as done; an erasure only when every location has its outcome (R27). */
    public Result<PrivacyRequest> complete(Instant now) {
        if (!isOpen()) {
            return refusedAsClosed();
        }
        if (checklist.isPresent() && !checklist.get().isComplete()) {
            return Result.refused(
                    Rejection.Reason.ERASURE_INCOMPLETE,
                    "Erasure cannot close: no evidence yet from "
                            + checklist.get().missing());
        }
        return Result.ok(with(dueOn, extension, Status.COMPLETED, Optional.of(now), refusal, checklist, version));
    }

    /** R21: a refusal always carries reasons and the complaint route. */
    public Result<PrivacyRequest> refuse(Refusal why, Instant now) {
        if (!isOpen()) {
            return refusedAsClosed();
        }
        return Result.ok(
                with(dueOn, extension, Status.REFUSED, Optional.of(now), Optional.of(why), checklist, version));
    }

    public PrivacyRequest withVersion(long newVersion) {
        return with(dueOn, extension, status, closedAt, refusal, checklist, newVersion);
    }

    /** The refusal of any change to a request that is already closed. */
    private Result<PrivacyRequest> refusedAsClosed() {
        return Result.refused(Rejection.Reason.REQUEST_ALREADY_CLOSED, "Request " + id + " is already " + status);
    }

    /** This request, same person, kind, channel and receipt, with what a step or a save may change replaced. */
    private PrivacyRequest with(
            LocalDate dueOn,
            Optional<Extension> extension,
            Status status,
            Optional<Instant> closedAt,
            Optional<Refusal> refusal,
            Optional<ErasureChecklist> checklist,
            long version) {
        return new PrivacyRequest(
                id,
                account,
                kind,
                channel,
                receivedAt,
                dueOn,
                extension,
                status,
                closedAt,
                refusal,
                checklist,
                version);
    }
}
