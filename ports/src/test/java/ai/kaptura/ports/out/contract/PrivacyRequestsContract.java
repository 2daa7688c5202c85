package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.CALENDAR;
import static ai.kaptura.ports.out.contract.ContractFixtures.COMPLAINT_ROUTE;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.completedAccess;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.erasureInProgress;
import static ai.kaptura.ports.out.contract.ContractFixtures.refusedRectification;
import static ai.kaptura.ports.out.contract.ContractFixtures.request;
import static ai.kaptura.ports.out.contract.ContractFixtures.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.Refusal;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link PrivacyRequests} store must do: keep each request exactly (deadline, extension,
 * refusal, the erasure checklist with every location's outcome and evidence), lock optimistically, and
 * list requests newest first, and the open ones by due day.
 *
 * <p>{@link #privacyRequests()} is called at the start of each test (after every {@code @BeforeEach})
 * and must answer an empty store; the race test uses it from several threads.
 */
public abstract class PrivacyRequestsContract {

    /** A fresh, empty store. */
    protected abstract PrivacyRequests privacyRequests();

    static Stream<Arguments> every_shape() {
        AccountId account = accountId();
        Map<String, PrivacyRequest> shapes = Map.of(
                "open access request", request(RequestKind.ACCESS, account, days(0)),
                "open portability request", request(RequestKind.PORTABILITY, account, days(0)),
                "fresh erasure with an empty checklist", request(RequestKind.ERASURE, account, days(0)),
                "extended erasure with outcomes of every kind", erasureInProgress(account, days(0)),
                "completed access request", completedAccess(account, days(0)),
                "refused rectification", refusedRectification(account, days(0)),
                "completed erasure", completedErasure(account));
        return shapes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private static PrivacyRequest completedErasure(AccountId account) {
        PrivacyRequest request = erasureInProgress(account, days(0));
        return request.recordErasure(
                        Location.processor(ContractFixtures.VENDOR),
                        new LocationOutcome.Erased(
                                List.of(ContractFixtures.modelEvidence(
                                                ContractFixtures.MODEL,
                                                ai.kaptura.domain.biometric.DeletionReason.ACCOUNT_ERASED,
                                                days(6))
                                        .answered("GET /tunes/8841 answered 404 Not Found", 1)),
                                days(6)))
                .complete(days(7))
                .orElseThrow();
    }

    @Test
    void an_empty_store_has_no_requests() {
        PrivacyRequests requests = privacyRequests();

        assertThat(requests.find(requestId())).isEmpty();
        assertThat(requests.ofAccount(accountId())).isEmpty();
        assertThat(requests.all(0, 100)).isEmpty();
        assertThat(requests.open(100)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("every_shape")
    void a_request_of_any_shape_survives_a_round_trip_exactly(String shape, PrivacyRequest request) {
        PrivacyRequests requests = privacyRequests();

        PrivacyRequest saved = requests.save(request);

        assertThat(saved).isEqualTo(request.withVersion(1));
        assertThat(requests.find(request.id())).contains(saved);
        assertThat(requests.ofAccount(request.account())).containsExactly(saved);
    }

    @Test
    void an_erasure_keeps_every_outcome_as_its_checklist_fills_up() {
        PrivacyRequests requests = privacyRequests();
        AccountId account = accountId();
        PrivacyRequest fresh = requests.save(request(RequestKind.ERASURE, account, days(0)));

        PrivacyRequest extended = requests.save(fresh.extend("Waiting for the vendor's confirmation", days(2), CALENDAR)
                .orElseThrow());
        assertThat(requests.find(fresh.id())).contains(extended);
        assertThat(extended.extension()).isPresent();

        PrivacyRequest vault = requests.save(extended.recordErasure(
                Location.PHOTO_VAULT, new LocationOutcome.NothingHeld("0 objects under the owner's prefix", days(3))));
        assertThat(requests.find(fresh.id())).contains(vault);
        PrivacyRequest otherErasure = requests.save(request(RequestKind.ERASURE, accountId(), days(0))
                .recordErasure(
                        Location.PHOTO_VAULT,
                        new LocationOutcome.HeldUnderLegalHold(
                                "the account's selfies and headshots", "warrant District court case 17", days(3))));
        assertThat(requests.find(otherErasure.id()))
                .as("an outcome kept under a legal hold (R11) survives a round trip")
                .contains(otherErasure);

        PrivacyRequest stripe = requests.save(vault.recordErasure(
                Location.processor("stripe"),
                new LocationOutcome.RetainedWithBasis(
                        "payment records",
                        RetentionGround.LEGAL_OBLIGATION,
                        "§ 132 BAO: seven years of bookkeeping",
                        LocalDate.of(2033, 12, 31),
                        days(4))));
        PrivacyRequest vendor = requests.save(stripe.recordErasure(
                Location.processor(ContractFixtures.VENDOR),
                new LocationOutcome.Erased(
                        List.of(ContractFixtures.modelEvidence(
                                        ContractFixtures.MODEL,
                                        ai.kaptura.domain.biometric.DeletionReason.ACCOUNT_ERASED,
                                        days(5))
                                .answered("DELETE /tunes/8841 answered 200 OK", 1)),
                        days(5))));
        PrivacyRequest database = requests.save(vendor.recordErasure(
                Location.DATABASE,
                new LocationOutcome.NothingHeld("no row of the account remained", days(5).plusMillis(1))));
        assertThat(database.checklist().orElseThrow().isComplete()).isTrue();

        PrivacyRequest done = requests.save(database.complete(days(6)).orElseThrow());
        assertThat(requests.find(fresh.id())).contains(done);
        assertThat(done.version()).isEqualTo(7);
        assertThat(requests.open(10))
                .as("only the erasure kept under a hold is still open")
                .extracting(PrivacyRequest::id)
                .containsExactly(otherErasure.id());
    }

    // ---- optimistic locking --------------------------------------------------------------------

    @Test
    void a_stale_version_is_refused_and_changes_nothing() {
        PrivacyRequests requests = privacyRequests();
        PrivacyRequest v1 = requests.save(request(RequestKind.ACCESS, accountId(), days(0)));
        PrivacyRequest v2 = requests.save(
                v1.extend("Many files to collect", days(1), CALENDAR).orElseThrow());

        assertThatThrownBy(() -> requests.save(v1.complete(days(2)).orElseThrow()))
                .isInstanceOf(ConcurrentUpdate.class);
        assertThatThrownBy(() -> requests.save(v2.withVersion(5))).isInstanceOf(ConcurrentUpdate.class);

        assertThat(requests.find(v1.id())).contains(v2);
        assertThat(requests.open(10)).containsExactly(v2);
    }

    @Test
    void a_new_request_must_come_with_version_0() {
        PrivacyRequests requests = privacyRequests();
        PrivacyRequest request =
                request(RequestKind.ACCESS, accountId(), days(0)).withVersion(2);

        assertThatThrownBy(() -> requests.save(request)).isInstanceOf(ConcurrentUpdate.class);

        assertThat(requests.find(request.id())).isEmpty();
        assertThat(requests.all(0, 10)).isEmpty();
    }

    @Test
    void inserting_the_same_new_request_twice_is_a_concurrent_update() {
        PrivacyRequests requests = privacyRequests();
        PrivacyRequest request = request(RequestKind.ERASURE, accountId(), days(0));
        PrivacyRequest first = requests.save(request);

        assertThatThrownBy(() -> requests.save(request)).isInstanceOf(ConcurrentUpdate.class);

        assertThat(requests.find(request.id())).contains(first);
        assertThat(requests.all(0, 10)).containsExactly(first);
    }

    @Test
    void of_eight_threads_updating_from_the_same_read_exactly_one_wins() {
        PrivacyRequests requests = privacyRequests();
        PrivacyRequest read = requests.save(request(RequestKind.RECTIFICATION, accountId(), days(0)));

        PrivacyRequest winner = Concurrently.oneWinner(
                8,
                i -> requests.save(
                        read.refuse(new Refusal("Refusal number " + i, COMPLAINT_ROUTE), days(1).plusSeconds(i))
                                .orElseThrow()),
                ConcurrentUpdate.class);
        assertThat(requests.find(read.id())).contains(winner);
        assertThat(winner.version()).isEqualTo(2);
    }

    // ---- lists ---------------------------------------------------------------------------------

    @Test
    void of_account_lists_only_that_accounts_requests_newest_first() {
        PrivacyRequests requests = privacyRequests();
        AccountId ann = accountId();
        PrivacyRequest middle = requests.save(request(RequestKind.PORTABILITY, ann, days(-20)));
        PrivacyRequest newest = requests.save(completedAccess(ann, days(-1)));
        PrivacyRequest oldest = requests.save(request(RequestKind.ACCESS, ann, days(-90)));
        PrivacyRequest bobs = requests.save(request(RequestKind.ERASURE, accountId(), days(-5)));

        assertThat(requests.ofAccount(ann)).containsExactly(newest, middle, oldest);
        assertThat(requests.ofAccount(bobs.account())).containsExactly(bobs);
    }

    @Test
    void all_lists_every_request_newest_first_page_by_page() {
        PrivacyRequests requests = privacyRequests();
        PrivacyRequest r3 = requests.save(request(RequestKind.ACCESS, accountId(), days(-30)));
        PrivacyRequest r1 = requests.save(refusedRectification(accountId(), days(-1)));
        PrivacyRequest r4 = requests.save(request(RequestKind.ERASURE, accountId(), days(-40)));
        PrivacyRequest r2 = requests.save(completedAccess(accountId(), days(-10)));
        PrivacyRequest r5 = requests.save(request(RequestKind.PORTABILITY, accountId(), days(-50)));

        assertThat(requests.all(0, 100)).containsExactly(r1, r2, r3, r4, r5);
        assertThat(requests.all(0, 2)).containsExactly(r1, r2);
        assertThat(requests.all(2, 2)).containsExactly(r3, r4);
        assertThat(requests.all(4, 2)).containsExactly(r5);
        assertThat(requests.all(5, 2)).isEmpty();
        assertThat(requests.all(1, 0)).isEmpty();
    }

    @Test
    void open_lists_only_received_requests_the_earliest_due_first_up_to_the_limit() {
        PrivacyRequests requests = privacyRequests();
        AccountId ann = accountId();
        PrivacyRequest dueLater = requests.save(request(RequestKind.ACCESS, ann, days(-2), LocalDate.of(2026, 4, 20)));
        PrivacyRequest dueFirst =
                requests.save(request(RequestKind.ERASURE, accountId(), days(-1), LocalDate.of(2026, 3, 30)));
        PrivacyRequest dueMiddle =
                requests.save(request(RequestKind.PORTABILITY, accountId(), days(-40), LocalDate.of(2026, 4, 2)));
        requests.save(completedAccess(ann, days(-20)));
        requests.save(refusedRectification(ann, days(-30)));

        assertThat(requests.open(10)).containsExactly(dueFirst, dueMiddle, dueLater);
        assertThat(requests.open(2)).containsExactly(dueFirst, dueMiddle);
        assertThat(requests.open(0)).isEmpty();
    }

    @Test
    void a_request_leaves_the_open_list_when_closed_and_moves_back_when_extended() {
        PrivacyRequests requests = privacyRequests();
        PrivacyRequest first = requests.save(request(RequestKind.ACCESS, accountId(), days(0)));
        PrivacyRequest second = requests.save(request(RequestKind.ACCESS, accountId(), days(7)));
        assertThat(requests.open(10)).containsExactly(first, second);

        PrivacyRequest extended =
                requests.save(first.extend("A large export", days(1), CALENDAR).orElseThrow());
        assertThat(extended.dueOn()).isAfter(second.dueOn());
        assertThat(requests.open(10)).containsExactly(second, extended);

        PrivacyRequest closed = requests.save(second.complete(days(8)).orElseThrow());
        assertThat(requests.open(10)).containsExactly(extended);
        assertThat(requests.find(second.id())).contains(closed);
        assertThat(closed.closedAt()).isEqualTo(Optional.of(days(8)));
    }

    @Test
    void delete_closed_before_deletes_only_requests_closed_before_the_instant_with_their_checklists() {
        PrivacyRequests requests = privacyRequests();
        AccountId ann = accountId();
        PrivacyRequest closedLongAgo = requests.save(completedAccess(ann, days(-400)));
        PrivacyRequest refusedLongAgo = requests.save(refusedRectification(ann, days(-300)));
        PrivacyRequest erasedLongAgo = requests.save(completedErasure(ann));
        PrivacyRequest closedLately = requests.save(completedAccess(ann, days(20)));
        PrivacyRequest openForAges = requests.save(request(RequestKind.ACCESS, ann, days(-500)));

        assertThat(erasedLongAgo.closedAt()).contains(days(7));
        assertThat(requests.deleteClosedBefore(days(8))).isEqualTo(3);

        assertThat(requests.find(closedLongAgo.id())).isEmpty();
        assertThat(requests.find(refusedLongAgo.id())).isEmpty();
        assertThat(requests.find(erasedLongAgo.id())).isEmpty();
        assertThat(requests.ofAccount(ann)).containsExactlyInAnyOrder(closedLately, openForAges);
        assertThat(requests.deleteClosedBefore(days(8))).isZero();
        assertThat(requests.deleteClosedBefore(closedLately.closedAt().orElseThrow()))
                .as("closed at the instant itself: not before it")
                .isZero();
        assertThat(requests.deleteClosedBefore(days(100_000))).isEqualTo(1);
        assertThat(requests.ofAccount(ann)).containsExactly(openForAges);
    }
}
