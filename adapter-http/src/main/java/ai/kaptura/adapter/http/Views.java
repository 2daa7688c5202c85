package ai.kaptura.adapter.http;

import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.StatusChange;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.PublishPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The JSON the API answers, built from the domain's own values. Nothing here decides anything: it only
 * chooses what a client sees. Vendor references (model ids, payment references) are never shown. The
 * retention schedule is the one the policy renders (R12); every headshot says it is AI-generated (R43, R44).
 */
@Implements({Rule.R12, Rule.R43, Rule.R44})
final class Views {

    private Views() {}

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> money(Money money) {
        return ordered(
                "minorUnits",
                money.minorUnits(),
                "currency",
                money.currency().getCurrencyCode(),
                "display",
                money.toString());
    }

    static Map<String, Object> plan(Plan plan) {
        return ordered(
                "id",
                plan.id().value(),
                "name",
                plan.name(),
                "headshots",
                plan.headshots(),
                "maxStyles",
                plan.maxStyles(),
                "price",
                money(plan.price()),
                "styles",
                plan.styles().stream().map(Views::style).toList());
    }

    static Map<String, Object> style(Style style) {
        return ordered("id", style.id().value(), "title", style.title(), "description", style.description());
    }

    /**
     * An order with why its processing waits, if it does (R9), and each photo's advice (R51). A photo without advice is
     * {@code checking} while its own advice job is under way (it is among {@code checking}), else it was not analysed
     * (the analysis was unavailable). The summary counts the photos whose advice is known
     * ("2 of your 12 photos may lower...": of all photos, at least those two) and says apart how many are still being
     * checked ("Checking 3 photos…"), so it is never wrong while the checks run, only incomplete, and says so.
     */
    static Map<String, Object> order(
            Order order,
            Optional<Rejection> processingBlocker,
            Map<SelfieId, SelfieAdvice> advice,
            Set<SelfieId> checking) {
        Map<String, Object> body = order(order);
        List<Selfie> live = order.liveSelfies();
        Map<SelfieId, Integer> numbers = new HashMap<>();
        for (int i = 0; i < live.size(); i++) {
            numbers.put(live.get(i).id(), i + 1);
        }
        // R51: each photo's advice in plain words; a repetition of a photo no longer in the draft is no longer said.
        List<Map<String, Object>> selfies = new ArrayList<>();
        int withAdvice = 0;
        int unchecked = 0;
        for (Selfie selfie : live) {
            Map<String, Object> entry = selfie(selfie);
            Optional<SelfieAdvice> kept = Optional.ofNullable(advice.get(selfie.id()));
            List<String> sentences = kept.map(a -> a.sentences(
                            id -> numbers.containsKey(id) ? OptionalInt.of(numbers.get(id)) : OptionalInt.empty()))
                    .orElse(List.of());
            entry.put("analysed", kept.isPresent());
            boolean beingChecked = kept.isEmpty() && checking.contains(selfie.id());
            entry.put("checking", beingChecked);
            entry.put("advice", sentences);
            if (beingChecked) {
                unchecked++;
            }
            selfies.add(entry);
            if (!sentences.isEmpty()) {
                withAdvice++;
            }
        }
        body.put("selfies", selfies);
        body.put(
                "adviceSummary",
                ordered(
                        "photos",
                        live.size(),
                        "withAdvice",
                        withAdvice,
                        "checking",
                        unchecked,
                        "text",
                        SelfieAdvice.summary(withAdvice, live.size()),
                        "checkingText",
                        unchecked == 0
                                ? ""
                                : unchecked == 1
                                        ? "Checking 1 photo for quality…"
                                        : "Checking " + unchecked + " photos for quality…"));
        body.put(
                "processingBlocker",
                processingBlocker
                        .map(why -> ordered("reason", why.reason().slug(), "detail", why.detail()))
                        .orElse(null));
        return body;
    }

    static Map<String, Object> order(Order order) {
        List<Map<String, Object>> selfies =
                order.liveSelfies().stream().map(Views::selfie).toList();
        return ordered(
                "id", order.id().toString(),
                "plan", order.plan().value(),
                "styles", order.styles().stream().map(StyleId::value).toList(),
                "status", name(order.status()),
                "history", order.history().stream().map(Views::change).toList(),
                "price", money(order.price()),
                "headshotsOrdered", order.headshotsOrdered(),
                "headshotsReady", order.headshots().size(),
                "selfies", selfies,
                "minSelfies", LegalConstants.MIN_SELFIES,
                "maxSelfies", LegalConstants.MAX_SELFIES,
                "canUpload", order.uploadBlocker().isEmpty(),
                "checkoutBlocker", order.checkoutBlocker().map(r -> r.detail()).orElse(null),
                "createdAt", order.createdAt().toString(),
                "lastActivityAt", order.lastActivityAt().toString());
    }

    static Map<String, Object> orderSummary(Order order) {
        return ordered(
                "id",
                order.id().toString(),
                "plan",
                order.plan().value(),
                "status",
                name(order.status()),
                "selfies",
                order.liveSelfies().size(),
                "headshotsReady",
                order.headshots().size(),
                "createdAt",
                order.createdAt().toString());
    }

    private static Map<String, Object> change(StatusChange change) {
        return ordered("status", name(change.status()), "at", change.at().toString(), "why", change.why());
    }

    private static Map<String, Object> selfie(Selfie selfie) {
        return ordered(
                "id",
                selfie.id().toString(),
                "uploadedAt",
                selfie.uploadedAt().toString(),
                "state",
                selfie instanceof Selfie.SentToVendor ? "sent_to_vendor" : "stored");
    }

    /** R44: every headshot is labelled AI-generated, in data and on the page. */
    /** A delivered headshot, its style by id and by the title the plan gives it, and its AI marker (R43, R44). */
    static Map<String, Object> headshot(Headshot headshot, String styleTitle) {
        return ordered(
                "id",
                headshot.id().toString(),
                "style",
                headshot.style().value(),
                "styleTitle",
                styleTitle,
                "url",
                "/api/headshots/" + headshot.id(),
                "downloadUrl",
                "/api/headshots/" + headshot.id() + "?download=1",
                "sha256",
                headshot.sha256().hex(),
                "storedAt",
                headshot.storedAt().toString(),
                "aiGenerated",
                true,
                "label",
                AiMarker.VISIBLE_LABEL,
                "digitalSourceType",
                headshot.marker().digitalSourceType());
    }

    static Map<String, Object> policy(PublishPolicy.Current current) {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<PolicyVersion> version = current.version();
        body.put("version", version.map(v -> v.version().value()).orElse(null));
        body.put("effectiveAt", version.map(v -> v.effectiveAt().toString()).orElse(null));
        body.put(
                "materialForBiometrics",
                version.map(PolicyVersion::materialForBiometrics).orElse(false));
        body.put(
                "summaryOfChanges", version.map(PolicyVersion::summaryOfChanges).orElse(null));
        body.put(
                "notices",
                version.map(v -> v.notices().stream().map(Views::notice).toList())
                        .orElse(List.of()));
        body.put("retention", retention(current.retention()));
        return body;
    }

    static Map<String, Object> policyVersion(PolicyVersion v) {
        return ordered(
                "version",
                v.version().value(),
                "effectiveAt",
                v.effectiveAt().toString(),
                "materialForBiometrics",
                v.materialForBiometrics(),
                "summaryOfChanges",
                v.summaryOfChanges(),
                "notices",
                v.notices().stream().map(Views::notice).toList());
    }

    private static Map<String, Object> notice(Notice notice) {
        return ordered(
                "kind",
                name(notice.kind()),
                "language",
                notice.language().tag(),
                "text",
                notice.text(),
                "sha256",
                notice.hash().hex());
    }

    /** R12: the schedule as the retention policy renders it, never a second copy. */
    static Map<String, Object> retention(RetentionSchedule schedule) {
        return ordered(
                "entries",
                schedule.entries().stream()
                        .map(e -> ordered(
                                "category",
                                name(e.category()),
                                "label",
                                e.label(),
                                "biometric",
                                e.biometric(),
                                "lines",
                                e.lines()))
                        .toList(),
                "text",
                schedule.asText());
    }

    static Map<String, Object> request(PrivacyRequest request) {
        Map<String, Object> body = ordered(
                "id",
                request.id().toString(),
                "kind",
                name(request.kind()),
                "status",
                name(request.status()),
                "receivedAt",
                request.receivedAt().toString(),
                "dueOn",
                request.dueOn().toString());
        body.put(
                "extension",
                request.extension()
                        .map(e -> ordered(
                                "reason",
                                e.reason(),
                                "decidedAt",
                                e.decidedAt().toString(),
                                "newDueOn",
                                e.newDueOn().toString()))
                        .orElse(null));
        body.put("closedAt", request.closedAt().map(Object::toString).orElse(null));
        body.put(
                "refusal",
                request.refusal()
                        .map(r -> ordered(
                                "reasons",
                                r.reasons(),
                                "complaint",
                                r.complaintRoute().describe()))
                        .orElse(null));
        body.put(
                "erasure",
                request.checklist()
                        .map(list -> list.items().entrySet().stream()
                                .map(e -> {
                                    Map<String, Object> item = ordered(
                                            "location",
                                            e.getKey().name(),
                                            "kind",
                                            name(e.getKey().kind()));
                                    item.putAll(e.getValue().map(Views::outcome).orElse(ordered("outcome", "pending")));
                                    return item;
                                })
                                .toList())
                        .orElse(null));
        return body;
    }

    /**
     * One location's outcome as the person and the auditor see it (R27): erased with each piece of evidence and what
     * the location answered, nothing held and how that was confirmed, or retained with its Art. 17(3) ground, the law
     * it rests on and the day it lapses. Outcomes recorded before these were required say so ({@code legacy}).
     */
    private static Map<String, Object> outcome(LocationOutcome outcome) {
        return switch (outcome) {
            case LocationOutcome.Erased erased ->
                ordered(
                        "outcome",
                        "erased",
                        "at",
                        erased.at().toString(),
                        "objects",
                        erased.objectCount(),
                        "evidence",
                        erased.evidence().stream().map(Views::evidence).toList());
            case LocationOutcome.NothingHeld nothing ->
                ordered(
                        "outcome",
                        "nothing_held",
                        "at",
                        nothing.at().toString(),
                        "confirmation",
                        nothing.confirmation());
            case LocationOutcome.RetainedWithBasis retained ->
                ordered(
                        "outcome",
                        "retained",
                        "at",
                        retained.at().toString(),
                        "kept",
                        retained.whatIsKept(),
                        "ground",
                        retained.ground().article(),
                        "groundDescription",
                        retained.ground().description(),
                        "detail",
                        retained.detail(),
                        "lapsesOn",
                        retained.lapsesOn().toString());
            case LocationOutcome.HeldUnderLegalHold held ->
                ordered(
                        "outcome",
                        "held",
                        "at",
                        held.at().toString(),
                        "kept",
                        held.whatIsKept(),
                        "ground",
                        held.ground().article(),
                        "groundDescription",
                        held.ground().description(),
                        "detail",
                        held.detail(),
                        "lapsesOn",
                        "when the legal hold is lifted");
            case LocationOutcome.LegacyErased erased ->
                ordered(
                        "outcome",
                        "erased",
                        "legacy",
                        true,
                        "at",
                        erased.at().toString(),
                        "evidence",
                        erased.evidence().stream().map(Views::evidence).toList());
            case LocationOutcome.LegacyRetained retained ->
                ordered(
                        "outcome",
                        "retained",
                        "legacy",
                        true,
                        "at",
                        retained.at().toString(),
                        "kept",
                        retained.whatIsKept(),
                        "basisAsWritten",
                        retained.basisAsWritten());
        };
    }

    private static Map<String, Object> evidence(DeletionEvidence e) {
        return ordered(
                "category",
                name(e.category()),
                "subject",
                e.subject(),
                "at",
                e.at().toString(),
                "confirmation",
                e.confirmation(),
                "response",
                e.answer().map(DeletionEvidence.Answer::response).orElse(null),
                "objects",
                e.answer().map(DeletionEvidence.Answer::objectCount).orElse(null));
    }

    /** A map in the order its members are given (key, value, key, value, …); null values are kept. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
