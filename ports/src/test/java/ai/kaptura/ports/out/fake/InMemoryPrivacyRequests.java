package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link PrivacyRequests} in memory, with optimistic locking. */
public record InMemoryPrivacyRequests(InMemoryDatabase db) implements PrivacyRequests {

    private static final Comparator<InMemoryDatabase.Stored<PrivacyRequest>> OLDEST_FIRST =
            Comparator.<InMemoryDatabase.Stored<PrivacyRequest>, Instant>comparing(
                            s -> s.value().receivedAt())
                    .thenComparingLong(InMemoryDatabase.Stored::seq);

    public InMemoryPrivacyRequests {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public Optional<PrivacyRequest> find(PrivacyRequestId id) {
        synchronized (db) {
            return Optional.ofNullable(db.privacyRequests.get(id)).map(InMemoryDatabase.Stored::value);
        }
    }

    @Override
    public List<PrivacyRequest> ofAccount(AccountId account) {
        synchronized (db) {
            return newestFirst().filter(r -> r.account().equals(account)).toList();
        }
    }

    @Override
    public List<PrivacyRequest> all(int offset, int limit) {
        synchronized (db) {
            return newestFirst()
                    .skip(Math.max(offset, 0))
                    .limit(Math.max(limit, 0))
                    .toList();
        }
    }

    @Override
    public List<PrivacyRequest> open(int limit) {
        synchronized (db) {
            return db.privacyRequests.values().stream()
                    .filter(s -> s.value().isOpen())
                    .sorted(Comparator.<InMemoryDatabase.Stored<PrivacyRequest>, LocalDate>comparing(
                                    s -> s.value().dueOn())
                            .thenComparing(OLDEST_FIRST))
                    .limit(Math.max(limit, 0))
                    .map(InMemoryDatabase.Stored::value)
                    .toList();
        }
    }

    @Override
    public PrivacyRequest save(PrivacyRequest request) {
        Objects.requireNonNull(request, "request");
        synchronized (db) {
            long current = InMemoryDatabase.versionToReplace(
                    db.privacyRequests,
                    request.id(),
                    request.version(),
                    PrivacyRequest::version,
                    "Privacy request " + request.id());
            return db.put(db.privacyRequests, request.id(), request.withVersion(current + 1));
        }
    }

    @Override
    public int deleteClosedBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (db) {
            return InMemoryDatabase.removeWhere(
                    db.privacyRequests,
                    s -> s.value()
                            .closedAt()
                            .map(closed -> closed.isBefore(instant))
                            .orElse(false));
        }
    }

    private Stream<PrivacyRequest> newestFirst() {
        return db.privacyRequests.values().stream()
                .sorted(OLDEST_FIRST.reversed())
                .map(InMemoryDatabase.Stored::value);
    }
}
