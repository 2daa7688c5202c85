package ai.kaptura.domain.privacy;

import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.ok;
import static ai.kaptura.domain.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Privacy requests: erasure evidence per location, refusals with reasons, answer channel: R27, R21, R24. How a request
 * made online is answered, and that no request costs anything (R22), the application's PrivacyRightsTest shows.
 */
class PrivacyRequestTest {

    private static final DeadlineCalendar CALENDAR = DeadlineCalendar.of(ZoneOffset.UTC);
    private static final ComplaintRoute ROUTE = new ComplaintRoute(
            "the Irish Data Protection Commission",
            "https://www.dataprotection.ie, 21 Fitzwilliam Square South, Dublin 2");
    private static final Location ASTRIA = Location.processor("astria");
    private static final Location STRIPE = Location.processor("stripe");

    private final Fixtures f = new Fixtures();
    private final Instant later = NOW.plus(Duration.ofDays(3));

    private PrivacyRequest receive(RequestKind kind, Channel channel) {
        return PrivacyRequest.receive(
                new PrivacyRequestId(f.ids.next()),
                f.account.id(),
                kind,
                channel,
                NOW,
                CALENDAR,
                List.of(ASTRIA, STRIPE));
    }

    private DeletionEvidence evidence(DataCategory category, Location where) {
        return new DeletionEvidence(
                        category,
                        f.ids.next().toString(),
                        where,
                        later,
                        DeletionReason.ACCOUNT_ERASED,
                        "row deleted, id no longer found")
                .answered("committed: 1 row deleted", 1);
    }

    // ---- R27 --------------------------------------------------------------------------------------

    @Test
    @Tag("R27")
    void erasure_cannot_complete_while_any_location_lacks_evidence() {
        PrivacyRequest erasure = receive(RequestKind.ERASURE, Channel.ELECTRONIC);

        assertThat(erasure.checklist().orElseThrow().missing())
                .containsExactly(Location.DATABASE, Location.PHOTO_VAULT, ASTRIA, STRIPE);
        Rejection incomplete = refusal(erasure.complete(later));
        assertThat(incomplete.reason()).isEqualTo(Rejection.Reason.ERASURE_INCOMPLETE);
        assertThat(incomplete.detail()).contains("kaptura-database", "kaptura-photo-vault", "astria", "stripe");

        PrivacyRequest partly = erasure.recordErasure(
                        Location.DATABASE,
                        new LocationOutcome.Erased(List.of(evidence(DataCategory.ACCOUNT, Location.DATABASE)), later))
                .recordErasure(
                        Location.PHOTO_VAULT,
                        new LocationOutcome.Erased(List.of(evidence(DataCategory.SELFIE, Location.PHOTO_VAULT)), later))
                .recordErasure(
                        ASTRIA,
                        new LocationOutcome.NothingHeld("GET /tunes?owner=<pseudonym> returned an empty list", later));
        Rejection stillIncomplete = refusal(partly.complete(later));
        assertThat(stillIncomplete.reason()).isEqualTo(Rejection.Reason.ERASURE_INCOMPLETE);
        assertThat(stillIncomplete.detail())
                .contains("stripe")
                .doesNotContain("astria")
                .doesNotContain("kaptura-database");
        assertThat(partly.status()).isEqualTo(PrivacyRequest.Status.RECEIVED);

        PrivacyRequest complete = partly.recordErasure(
                STRIPE,
                new LocationOutcome.RetainedWithBasis(
                        "payment records of two orders",
                        RetentionGround.LEGAL_OBLIGATION,
                        "§147 AO: 10 years for books and accounting records",
                        LocalDate.of(2036, 12, 31),
                        later));
        assertThat(complete.checklist().orElseThrow().isComplete()).isTrue();

        PrivacyRequest closed = ok(complete.complete(later.plusSeconds(1)));
        assertThat(closed.status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(closed.closedAt()).contains(later.plusSeconds(1));
        assertThat(refusal(closed.complete(later.plusSeconds(2))).reason())
                .isEqualTo(Rejection.Reason.REQUEST_ALREADY_CLOSED);
    }

    @Test
    @Tag("R27")
    void erasure_always_covers_our_own_database_and_photo_vault() {
        ErasureChecklist checklist = ErasureChecklist.covering(List.of());

        assertThat(checklist.missing()).containsExactly(Location.DATABASE, Location.PHOTO_VAULT);
        assertThatThrownBy(() -> new ErasureChecklist(Map.of(Location.DATABASE, Optional.empty())))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> ErasureChecklist.covering(List.of(Location.DATABASE)))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> checklist.record(ASTRIA, new LocationOutcome.NothingHeld("checked", later)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R27")
    @Tag("R16")
    void a_retained_location_must_name_an_article_17_3_ground_and_its_lapse_date() {
        LocalDate lapses = LocalDate.ofInstant(later, ZoneOffset.UTC).plusYears(10);
        LocationOutcome.RetainedWithBasis kept = new LocationOutcome.RetainedWithBasis(
                "payment records", RetentionGround.LEGAL_OBLIGATION, "§147 AO: 10 years for invoices", lapses, later);
        assertThat(kept.ground().article()).isEqualTo("GDPR Art. 17(3)(b)");

        assertThatThrownBy(() -> new LocationOutcome.RetainedWithBasis(
                        "payment records", null, "§147 AO: 10 years for invoices", lapses, later))
                .as("no ground")
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LocationOutcome.RetainedWithBasis(
                        "payment records", RetentionGround.LEGAL_OBLIGATION, "§147 AO: 10 years", null, later))
                .as("a basis with no end")
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LocationOutcome.RetainedWithBasis(
                        "payment records", RetentionGround.LEGAL_OBLIGATION, "law", lapses, later))
                .as("a detail that names no law")
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new LocationOutcome.RetainedWithBasis(
                        "payment records", RetentionGround.LEGAL_CLAIMS, " ", lapses, later))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new LocationOutcome.RetainedWithBasis(
                        "logs",
                        RetentionGround.LEGAL_CLAIMS,
                        "the vendor's 30-day log retention",
                        LocalDate.ofInstant(later, ZoneOffset.UTC).minusDays(1),
                        later))
                .as("a retention that has already lapsed keeps nothing")
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new LocationOutcome.NothingHeld("", later)).isInstanceOf(InvalidInput.class);
    }

    @Test
    @Tag("R27")
    void every_article_17_3_ground_cites_its_letter() {
        assertThat(RetentionGround.values())
                .extracting(RetentionGround::article)
                .containsExactly(
                        "GDPR Art. 17(3)(a)",
                        "GDPR Art. 17(3)(b)",
                        "GDPR Art. 17(3)(c)",
                        "GDPR Art. 17(3)(d)",
                        "GDPR Art. 17(3)(e)");
    }

    @Test
    @Tag("R27")
    void an_erased_location_must_name_what_it_answered_for_each_piece_of_evidence() {
        DeletionEvidence summaryOnly = new DeletionEvidence(
                DataCategory.VENDOR_MODEL,
                "8841",
                STRIPE,
                later,
                DeletionReason.ACCOUNT_ERASED,
                "deleted, the vendor says");

        assertThatThrownBy(() -> new LocationOutcome.Erased(List.of(), later))
                .as("no evidence at all")
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new LocationOutcome.Erased(List.of(summaryOnly), later))
                .as("evidence without the location's answer")
                .isInstanceOf(DomainViolation.class)
                .hasMessageContaining("response and object count");
        assertThatThrownBy(() -> summaryOnly.answered("DELETE /v1/x answered 200 OK", -1))
                .isInstanceOf(DomainViolation.class);

        LocationOutcome.Erased erased = new LocationOutcome.Erased(
                List.of(
                        summaryOnly.answered("DELETE /tunes/8841 answered 200 OK; GET answered 404 Not Found", 3),
                        evidence(DataCategory.ACCOUNT, STRIPE)),
                later);
        assertThat(erased.objectCount()).isEqualTo(4);
        assertThat(erased.evidence().getFirst().answer().orElseThrow().response())
                .contains("404 Not Found");
    }

    @Test
    @Tag("R27")
    void deletion_evidence_names_data_by_opaque_id_never_by_email() {
        assertThatThrownBy(() -> new DeletionEvidence(
                        DataCategory.ACCOUNT,
                        "ada@example.com",
                        Location.DATABASE,
                        later,
                        DeletionReason.ACCOUNT_ERASED,
                        "deleted"))
                .isInstanceOf(DomainViolation.class);
        assertThat(evidence(DataCategory.ACCOUNT, Location.DATABASE).rule()).isEqualTo(ai.kaptura.domain.rule.Rule.R27);
    }

    @Test
    @Tag("R27")
    void only_an_erasure_carries_a_checklist() {
        PrivacyRequest access = receive(RequestKind.ACCESS, Channel.ELECTRONIC);

        assertThat(access.checklist()).isEmpty();
        assertThatThrownBy(() ->
                        access.recordErasure(Location.DATABASE, new LocationOutcome.NothingHeld("checked", later)))
                .isInstanceOf(DomainViolation.class);
        assertThat(ok(access.complete(later)).status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
    }

    // ---- R21 --------------------------------------------------------------------------------------

    @Test
    @Tag("R21")
    void a_refusal_carries_its_reasons_and_the_complaint_route() {
        PrivacyRequest request = receive(RequestKind.ACCESS, Channel.ELECTRONIC);
        Refusal refusal = new Refusal("We could not verify that the request came from the account holder.", ROUTE);

        PrivacyRequest refused = ok(request.refuse(refusal, later));

        assertThat(refused.status()).isEqualTo(PrivacyRequest.Status.REFUSED);
        assertThat(refused.closedAt()).contains(later);
        assertThat(refused.refusal()).hasValueSatisfying(r -> {
            assertThat(r.reasons()).contains("could not verify");
            assertThat(r.complaintRoute()).isEqualTo(ROUTE);
            assertThat(r.complaintRoute().describe())
                    .isEqualTo("You may lodge a complaint with the Irish Data Protection Commission"
                            + " (https://www.dataprotection.ie, 21 Fitzwilliam Square South, Dublin 2).");
        });
        assertThat(refused.isOverdue(NOW.plus(Duration.ofDays(90)), CALENDAR)).isFalse();
        assertThat(refusal(refused.refuse(refusal, later)).reason()).isEqualTo(Rejection.Reason.REQUEST_ALREADY_CLOSED);
    }

    @Test
    @Tag("R21")
    void a_refusal_without_reasons_or_complaint_route_cannot_be_made() {
        assertThatThrownBy(() -> new Refusal("We refuse.", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("R21");
        assertThatThrownBy(() -> new Refusal("  ", ROUTE)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new ComplaintRoute("", "somewhere")).isInstanceOf(InvalidInput.class);
    }

    @Test
    @Tag("R21")
    void a_request_closes_refused_only_with_its_refusal() {
        PrivacyRequest open = receive(RequestKind.ACCESS, Channel.ELECTRONIC);

        assertThatThrownBy(() -> new PrivacyRequest(
                        open.id(),
                        open.account(),
                        open.kind(),
                        open.channel(),
                        open.receivedAt(),
                        open.dueOn(),
                        open.extension(),
                        PrivacyRequest.Status.REFUSED,
                        Optional.of(later),
                        Optional.empty(),
                        open.checklist(),
                        0))
                .isInstanceOf(DomainViolation.class);
    }

    // ---- R24 --------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Channel.class)
    @Tag("R24")
    void a_request_is_answered_on_the_channel_it_came_by(Channel channel) {
        PrivacyRequest request = receive(RequestKind.PORTABILITY, channel);

        assertThat(request.answerChannel()).isEqualTo(channel);
        assertThat(ok(request.complete(later)).answerChannel()).isEqualTo(channel);
    }
}
