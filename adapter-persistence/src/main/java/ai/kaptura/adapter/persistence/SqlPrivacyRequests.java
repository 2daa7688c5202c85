package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.ERASURE_ITEMS;
import static ai.kaptura.adapter.persistence.schema.Tables.ERASURE_ITEM_EVIDENCE;
import static ai.kaptura.adapter.persistence.schema.Tables.PRIVACY_REQUESTS;

import ai.kaptura.adapter.persistence.schema.tables.records.ErasureItemEvidenceRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.ErasureItemsRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.PrivacyRequestsRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.ErasureChecklist;
import ai.kaptura.domain.privacy.Extension;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.Refusal;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link PrivacyRequests} in {@code privacy_requests}, an erasure's checklist in {@code erasure_items}
 * (one row per location, in the checklist's order) and the evidence of each erased location in
 * {@code erasure_item_evidence}, pointing at the shared {@code deletion_evidence} rows (R27). Optimistic
 * locking on {@code version}; ties of time are broken by insertion order ({@code seq}).
 */
record SqlPrivacyRequests(Database db) implements PrivacyRequests {

    private static final String TABLE = "privacy_requests";
    private static final String ITEMS = "erasure_items";

    /** What {@code erasure_items.outcome} holds for each kind of {@link LocationOutcome}. */
    private enum OutcomeKind {
        ERASED,
        NOTHING_HELD,
        RETAINED_WITH_BASIS,
        /** Kept under a legal hold until it is lifted (R11): Art. 17(3)(e), no lapse date; what_kept and legal_basis. */
        HELD_UNDER_LEGAL_HOLD,
        /** An erasure recorded before V15, whose evidence does not say what the location answered. */
        LEGACY_ERASED,
        /** A retention recorded before V15, with a free-text basis and no ground or lapse date. */
        LEGACY_RETAINED
    }

    @Override
    public Optional<PrivacyRequest> find(PrivacyRequestId id) {
        return db.inTransaction(() ->
                requests(db.ctx()
                                .selectFrom(PRIVACY_REQUESTS)
                                .where(PRIVACY_REQUESTS.ID.eq(id.value()))
                                .fetch())
                        .stream()
                        .findFirst());
    }

    @Override
    public List<PrivacyRequest> ofAccount(AccountId account) {
        return db.inTransaction(() -> requests(db.ctx()
                .selectFrom(PRIVACY_REQUESTS)
                .where(PRIVACY_REQUESTS.ACCOUNT_ID.eq(account.value()))
                .orderBy(PRIVACY_REQUESTS.RECEIVED_AT.desc(), PRIVACY_REQUESTS.SEQ.desc())
                .fetch()));
    }

    @Override
    public List<PrivacyRequest> all(int offset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> requests(db.ctx()
                .selectFrom(PRIVACY_REQUESTS)
                .orderBy(PRIVACY_REQUESTS.RECEIVED_AT.desc(), PRIVACY_REQUESTS.SEQ.desc())
                .limit(limit)
                .offset(Math.max(offset, 0))
                .fetch()));
    }

    @Override
    public List<PrivacyRequest> open(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> requests(db.ctx()
                .selectFrom(PRIVACY_REQUESTS)
                .where(PRIVACY_REQUESTS.STATUS.eq(PrivacyRequest.Status.RECEIVED.name()))
                .orderBy(PRIVACY_REQUESTS.DUE_ON, PRIVACY_REQUESTS.RECEIVED_AT, PRIVACY_REQUESTS.SEQ)
                .limit(limit)
                .fetch()));
    }

    @Override
    public PrivacyRequest save(PrivacyRequest request) {
        Objects.requireNonNull(request, "request");
        long expected = request.version();
        PrivacyRequest saved = request.withVersion(expected + 1);
        PrivacyRequestsRecord row = row(saved);
        return db.inTransaction(() -> {
            if (expected == 0) {
                insert(row, saved);
            } else {
                update(row, saved, expected);
                db.ctx()
                        .deleteFrom(ERASURE_ITEMS)
                        .where(ERASURE_ITEMS.REQUEST_ID.eq(saved.id().value()))
                        .execute();
            }
            saved.checklist().ifPresent(checklist -> writeChecklist(saved.id().value(), checklist));
            return saved;
        });
    }

    /** Deletes the requests closed before {@code instant}; their checklists and evidence links go by cascade. */
    @Override
    public int deleteClosedBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return db.inTransaction(() -> db.ctx()
                .deleteFrom(PRIVACY_REQUESTS)
                .where(PRIVACY_REQUESTS.CLOSED_AT.lt(instant))
                .execute());
    }

    /**
     * A new request. Its insert does nothing if the id is taken (PostgreSQL), or, where ON CONFLICT is
     * emulated (H2), fails once the other row has committed: either way someone stored it first.
     */
    private void insert(PrivacyRequestsRecord row, PrivacyRequest request) {
        if (!Database.inserted(db.ctx()
                .insertInto(PRIVACY_REQUESTS)
                .set(row)
                .onConflict(PRIVACY_REQUESTS.ID)
                .doNothing())) {
            throw new ConcurrentUpdate("Privacy request " + request.id(), 0);
        }
    }

    /** Updates the request if it still has the version it was read at (its children are rewritten after). */
    private void update(PrivacyRequestsRecord row, PrivacyRequest request, long expected) {
        row.changed(PRIVACY_REQUESTS.ID, false);
        int changed = db.ctx()
                .update(PRIVACY_REQUESTS)
                .set(row)
                .where(PRIVACY_REQUESTS.ID.eq(request.id().value()))
                .and(PRIVACY_REQUESTS.VERSION.eq(expected))
                .execute();
        if (changed != 1) {
            throw new ConcurrentUpdate("Privacy request " + request.id(), expected);
        }
    }

    private void writeChecklist(UUID requestId, ErasureChecklist checklist) {
        List<ErasureItemsRecord> items = new ArrayList<>();
        List<ErasureItemEvidenceRecord> links = new ArrayList<>();
        int position = 0;
        for (Map.Entry<Location, Optional<LocationOutcome>> item :
                checklist.items().entrySet()) {
            items.add(itemRow(requestId, position, item.getKey(), item.getValue()));
            List<DeletionEvidence> evidence = item.getValue()
                    .map(o -> switch (o) {
                        case LocationOutcome.Erased erased -> erased.evidence();
                        case LocationOutcome.LegacyErased erased -> erased.evidence();
                        case LocationOutcome.NothingHeld _,
                                LocationOutcome.RetainedWithBasis _,
                                LocationOutcome.HeldUnderLegalHold _,
                                LocationOutcome.LegacyRetained _ -> List.<DeletionEvidence>of();
                    })
                    .orElse(List.of());
            for (int ordinal = 0; ordinal < evidence.size(); ordinal++) {
                UUID evidenceId = EvidenceRows.store(db, evidence.get(ordinal));
                ErasureItemEvidenceRecord link = new ErasureItemEvidenceRecord();
                link.setRequestId(requestId);
                link.setPosition(position);
                link.setOrdinal(ordinal);
                link.setEvidenceId(evidenceId);
                links.add(link);
            }
            position++;
        }
        db.ctx()
                .insertInto(ERASURE_ITEMS)
                .columns(ERASURE_ITEMS.fields())
                .valuesOfRecords(items)
                .execute();
        if (!links.isEmpty()) {
            db.ctx()
                    .insertInto(ERASURE_ITEM_EVIDENCE)
                    .columns(ERASURE_ITEM_EVIDENCE.fields())
                    .valuesOfRecords(links)
                    .execute();
        }
    }

    /** The request's row, without {@code seq} (the database numbers requests as they are first stored). */
    private static PrivacyRequestsRecord row(PrivacyRequest r) {
        PrivacyRequestsRecord row = new PrivacyRequestsRecord();
        row.setId(r.id().value());
        row.setAccountId(r.account().value());
        row.setKind(r.kind().name());
        row.setChannel(r.channel().name());
        row.setReceivedAt(r.receivedAt());
        row.setDueOn(r.dueOn());
        row.setExtensionReason(r.extension().map(Extension::reason).orElse(null));
        row.setExtendedAt(r.extension().map(Extension::decidedAt).orElse(null));
        row.setExtendedDueOn(r.extension().map(Extension::newDueOn).orElse(null));
        row.setStatus(r.status().name());
        row.setClosedAt(r.closedAt().orElse(null));
        row.setRefusalReasons(r.refusal().map(Refusal::reasons).orElse(null));
        row.setComplaintAuthority(
                r.refusal().map(f -> f.complaintRoute().authority()).orElse(null));
        row.setComplaintContact(
                r.refusal().map(f -> f.complaintRoute().contact()).orElse(null));
        row.setErasure(r.checklist().isPresent());
        row.setVersion(r.version());
        return ColumnLengths.checked(row);
    }

    private static ErasureItemsRecord itemRow(
            UUID requestId, int position, Location location, Optional<LocationOutcome> outcome) {
        ErasureItemsRecord row = new ErasureItemsRecord();
        row.setRequestId(requestId);
        row.setPosition(position);
        row.setLocationKind(location.kind().name());
        row.setLocationName(location.name());
        outcome.ifPresent(o -> {
            row.setOutcomeAt(o.at());
            switch (o) {
                case LocationOutcome.Erased erased -> row.setOutcome(OutcomeKind.ERASED.name());
                case LocationOutcome.NothingHeld held -> {
                    row.setOutcome(OutcomeKind.NOTHING_HELD.name());
                    row.setConfirmation(held.confirmation());
                }
                case LocationOutcome.RetainedWithBasis kept -> {
                    row.setOutcome(OutcomeKind.RETAINED_WITH_BASIS.name());
                    row.setWhatKept(kept.whatIsKept());
                    row.setGround(kept.ground().name());
                    row.setLegalBasis(kept.detail());
                    row.setLapsesOn(kept.lapsesOn());
                }
                case LocationOutcome.HeldUnderLegalHold held -> {
                    row.setOutcome(OutcomeKind.HELD_UNDER_LEGAL_HOLD.name());
                    row.setWhatKept(held.whatIsKept());
                    row.setLegalBasis(held.detail());
                }
                case LocationOutcome.LegacyErased erased -> row.setOutcome(OutcomeKind.LEGACY_ERASED.name());
                case LocationOutcome.LegacyRetained kept -> {
                    row.setOutcome(OutcomeKind.LEGACY_RETAINED.name());
                    row.setWhatKept(kept.whatIsKept());
                    row.setLegalBasis(kept.basisAsWritten());
                }
            }
        });
        return ColumnLengths.checked(row);
    }

    /** The requests of these rows, in the rows' order, each with its checklist and evidence. */
    private List<PrivacyRequest> requests(List<PrivacyRequestsRecord> rows) {
        List<UUID> erasures = rows.stream()
                .filter(PrivacyRequestsRecord::getErasure)
                .map(PrivacyRequestsRecord::getId)
                .toList();
        Map<UUID, List<ErasureItemsRecord>> items = new HashMap<>();
        Map<UUID, Map<Integer, List<UUID>>> links = new HashMap<>();
        Map<UUID, DeletionEvidence> evidence = Map.of();
        if (!erasures.isEmpty()) {
            db.ctx()
                    .selectFrom(ERASURE_ITEMS)
                    .where(ERASURE_ITEMS.REQUEST_ID.in(erasures))
                    .orderBy(ERASURE_ITEMS.REQUEST_ID, ERASURE_ITEMS.POSITION)
                    .forEach(r -> items.computeIfAbsent(r.getRequestId(), k -> new ArrayList<>())
                            .add(r));
            List<UUID> evidenceIds = new ArrayList<>();
            db.ctx()
                    .selectFrom(ERASURE_ITEM_EVIDENCE)
                    .where(ERASURE_ITEM_EVIDENCE.REQUEST_ID.in(erasures))
                    .orderBy(
                            ERASURE_ITEM_EVIDENCE.REQUEST_ID,
                            ERASURE_ITEM_EVIDENCE.POSITION,
                            ERASURE_ITEM_EVIDENCE.ORDINAL)
                    .forEach(r -> {
                        links.computeIfAbsent(r.getRequestId(), k -> new HashMap<>())
                                .computeIfAbsent(r.getPosition(), k -> new ArrayList<>())
                                .add(r.getEvidenceId());
                        evidenceIds.add(r.getEvidenceId());
                    });
            evidence = EvidenceRows.load(db, evidenceIds.stream().distinct().toList());
        }
        List<PrivacyRequest> requests = new ArrayList<>();
        for (PrivacyRequestsRecord row : rows) {
            Optional<ErasureChecklist> checklist = row.getErasure()
                    ? Optional.of(checklist(
                            items.getOrDefault(row.getId(), List.of()),
                            links.getOrDefault(row.getId(), Map.of()),
                            evidence))
                    : Optional.empty();
            requests.add(request(row, checklist));
        }
        return requests;
    }

    private static PrivacyRequest request(PrivacyRequestsRecord r, Optional<ErasureChecklist> checklist) {
        Optional<Extension> extension = r.getExtensionReason() == null
                ? Optional.empty()
                : Optional.of(new Extension(
                        r.getExtensionReason(),
                        required(r.getExtendedAt(), r, "extended_at"),
                        required(r.getExtendedDueOn(), r, "extended_due_on")));
        Optional<Refusal> refusal = r.getRefusalReasons() == null
                ? Optional.empty()
                : Optional.of(new Refusal(
                        r.getRefusalReasons(),
                        new ComplaintRoute(
                                required(r.getComplaintAuthority(), r, "complaint_authority"),
                                required(r.getComplaintContact(), r, "complaint_contact"))));
        return new PrivacyRequest(
                new PrivacyRequestId(r.getId()),
                new AccountId(r.getAccountId()),
                Rows.enumValue(RequestKind.class, r.getKind(), TABLE, "kind"),
                Rows.enumValue(Channel.class, r.getChannel(), TABLE, "channel"),
                r.getReceivedAt(),
                r.getDueOn(),
                extension,
                Rows.enumValue(PrivacyRequest.Status.class, r.getStatus(), TABLE, "status"),
                Optional.ofNullable(r.getClosedAt()),
                refusal,
                checklist,
                r.getVersion());
    }

    private static ErasureChecklist checklist(
            List<ErasureItemsRecord> rows, Map<Integer, List<UUID>> links, Map<UUID, DeletionEvidence> evidence) {
        Map<Location, Optional<LocationOutcome>> items = new LinkedHashMap<>();
        for (ErasureItemsRecord r : rows) {
            Location location = new Location(
                    Rows.enumValue(Location.Kind.class, r.getLocationKind(), ITEMS, "location_kind"),
                    r.getLocationName());
            Optional<LocationOutcome> outcome =
                    r.getOutcome() == null ? Optional.empty() : Optional.of(outcome(r, links, evidence));
            items.put(location, outcome);
        }
        return new ErasureChecklist(items);
    }

    private static LocationOutcome outcome(
            ErasureItemsRecord r, Map<Integer, List<UUID>> links, Map<UUID, DeletionEvidence> evidence) {
        return switch (Rows.enumValue(OutcomeKind.class, r.getOutcome(), ITEMS, "outcome")) {
            case ERASED -> new LocationOutcome.Erased(evidenceOf(r, links, evidence), r.getOutcomeAt());
            case LEGACY_ERASED -> new LocationOutcome.LegacyErased(evidenceOf(r, links, evidence), r.getOutcomeAt());
            case NOTHING_HELD ->
                new LocationOutcome.NothingHeld(required(r.getConfirmation(), r, "confirmation"), r.getOutcomeAt());
            case RETAINED_WITH_BASIS ->
                new LocationOutcome.RetainedWithBasis(
                        required(r.getWhatKept(), r, "what_kept"),
                        Rows.enumValue(RetentionGround.class, required(r.getGround(), r, "ground"), ITEMS, "ground"),
                        required(r.getLegalBasis(), r, "legal_basis"),
                        required(r.getLapsesOn(), r, "lapses_on"),
                        r.getOutcomeAt());
            case HELD_UNDER_LEGAL_HOLD ->
                new LocationOutcome.HeldUnderLegalHold(
                        required(r.getWhatKept(), r, "what_kept"),
                        required(r.getLegalBasis(), r, "legal_basis"),
                        r.getOutcomeAt());
            case LEGACY_RETAINED ->
                new LocationOutcome.LegacyRetained(
                        required(r.getWhatKept(), r, "what_kept"),
                        required(r.getLegalBasis(), r, "legal_basis"),
                        r.getOutcomeAt());
        };
    }

    private static List<DeletionEvidence> evidenceOf(
            ErasureItemsRecord r, Map<Integer, List<UUID>> links, Map<UUID, DeletionEvidence> evidence) {
        return links.getOrDefault(r.getPosition(), List.of()).stream()
                .map(id -> {
                    DeletionEvidence e = evidence.get(id);
                    if (e == null) {
                        throw new DomainViolation(ITEMS + " of request " + r.getRequestId()
                                + " points at deletion evidence " + id + ", which deletion_evidence does not hold");
                    }
                    return e;
                })
                .toList();
    }

    private static <T> T required(T value, PrivacyRequestsRecord r, String column) {
        if (value == null) {
            throw new DomainViolation(
                    TABLE + "." + column + " is empty in request " + r.getId() + " where the rest of its group is set");
        }
        return value;
    }

    private static <T> T required(T value, ErasureItemsRecord r, String column) {
        if (value == null) {
            throw new DomainViolation(ITEMS + "." + column + " is empty at position " + r.getPosition() + " of request "
                    + r.getRequestId() + ", whose outcome " + r.getOutcome() + " needs it");
        }
        return value;
    }
}
