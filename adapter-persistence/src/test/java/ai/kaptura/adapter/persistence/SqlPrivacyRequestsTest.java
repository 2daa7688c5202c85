package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DELETION_EVIDENCE;
import static ai.kaptura.adapter.persistence.schema.Tables.ERASURE_ITEMS;
import static ai.kaptura.adapter.persistence.schema.Tables.ERASURE_ITEM_EVIDENCE;
import static ai.kaptura.adapter.persistence.schema.Tables.PRIVACY_REQUESTS;
import static ai.kaptura.ports.out.contract.ContractFixtures.CALENDAR;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.erasureInProgress;
import static ai.kaptura.ports.out.contract.ContractFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.contract.PrivacyRequestsContract;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlPrivacyRequestsTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    /** Gives the connections back: the module's test classes share one PostgreSQL server and its connection limit. */
    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends PrivacyRequestsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected PrivacyRequests privacyRequests() {
            return new SqlPrivacyRequests(db);
        }

        private static DeletionEvidence evidence(String subject, long millis) {
            return new DeletionEvidence(
                    DataCategory.HEADSHOT,
                    subject,
                    Location.PHOTO_VAULT,
                    days(4).plusMillis(millis),
                    DeletionReason.ACCOUNT_ERASED,
                    "object removed – gelöscht",
                    new DeletionEvidence.Answer("removeBlob done; blobExists answered false", 1));
        }

        @Test
        void evidence_keeps_its_order_and_repeats_and_is_stored_once_however_many_requests_cite_it() {
            PrivacyRequests requests = privacyRequests();
            DeletionEvidence z = evidence("headshot-z", 3);
            DeletionEvidence a = evidence("headshot-a", 1);
            DeletionEvidence m = evidence("headshot-m", 2);
            List<DeletionEvidence> unsorted = List.of(z, a, m, a);
            PrivacyRequest first = request(RequestKind.ERASURE, accountId(), days(0))
                    .recordErasure(Location.PHOTO_VAULT, new LocationOutcome.Erased(unsorted, days(5)));
            PrivacyRequest second = request(RequestKind.ERASURE, accountId(), days(1))
                    .recordErasure(Location.PHOTO_VAULT, new LocationOutcome.Erased(List.of(m), days(5)));

            PrivacyRequest savedFirst = requests.save(first);
            PrivacyRequest savedSecond = requests.save(second);

            assertThat(requests.find(first.id())).contains(savedFirst);
            assertThat(requests.find(second.id())).contains(savedSecond);
            assertThat(requests.all(0, 10)).containsExactly(savedSecond, savedFirst);
            assertThat(db.ctx().fetchCount(DELETION_EVIDENCE)).isEqualTo(3);
            assertThat(db.ctx().fetchCount(ERASURE_ITEM_EVIDENCE)).isEqualTo(5);
        }

        @Test
        void a_saved_checklist_replaces_the_stored_one_without_leftovers() {
            PrivacyRequests requests = privacyRequests();
            PrivacyRequest v1 = requests.save(erasureInProgress(accountId(), days(0)));
            int items = db.ctx().fetchCount(ERASURE_ITEMS);
            int links = db.ctx().fetchCount(ERASURE_ITEM_EVIDENCE);

            PrivacyRequest v2 = requests.save(v1.recordErasure(
                    Location.DATABASE, new LocationOutcome.NothingHeld("the account row was already gone", days(5))));

            assertThat(requests.find(v1.id())).contains(v2);
            assertThat(db.ctx().fetchCount(ERASURE_ITEMS)).isEqualTo(items);
            assertThat(db.ctx().fetchCount(ERASURE_ITEM_EVIDENCE)).isEqualTo(links - 2);
        }

        @Test
        void requests_received_at_the_same_instant_are_listed_by_the_order_stored() {
            PrivacyRequests requests = privacyRequests();
            AccountId ann = accountId();
            LocalDate due = LocalDate.of(2026, 4, 2);
            PrivacyRequest first = requests.save(request(RequestKind.ACCESS, ann, days(0), due));
            PrivacyRequest second = requests.save(request(RequestKind.PORTABILITY, ann, days(0), due));
            PrivacyRequest third = requests.save(request(RequestKind.ERASURE, ann, days(0), due));
            PrivacyRequest earlierDueLaterReceived =
                    requests.save(request(RequestKind.ACCESS, ann, days(1), due.minusDays(1)));
            PrivacyRequest sameDueEarlierReceived = requests.save(request(RequestKind.ACCESS, ann, days(-1), due));

            assertThat(requests.ofAccount(ann))
                    .containsExactly(earlierDueLaterReceived, third, second, first, sameDueEarlierReceived);
            assertThat(requests.all(1, 3)).containsExactly(third, second, first);
            assertThat(requests.open(10))
                    .containsExactly(earlierDueLaterReceived, sameDueEarlierReceived, first, second, third);
        }

        @Test
        void a_stale_save_leaves_the_callers_transaction_usable() {
            PrivacyRequests requests = privacyRequests();
            PrivacyRequest v1 = requests.save(request(RequestKind.ACCESS, accountId(), days(0)));
            PrivacyRequest v2 =
                    requests.save(v1.extend("A large export", days(1), CALENDAR).orElseThrow());
            PrivacyRequest other = request(RequestKind.ERASURE, accountId(), days(2));

            PrivacyRequest stored = db.inTransaction(() -> {
                assertThatThrownBy(() -> requests.save(v1.complete(days(2)).orElseThrow()))
                        .isInstanceOf(ConcurrentUpdate.class);
                assertThatThrownBy(() -> requests.save(v2.withVersion(0))).isInstanceOf(ConcurrentUpdate.class);
                return requests.save(other);
            });

            assertThat(requests.find(v1.id())).contains(v2);
            assertThat(requests.find(other.id())).contains(stored);
        }

        @Test
        void an_unknown_status_is_a_clear_violation() {
            PrivacyRequests requests = privacyRequests();
            PrivacyRequest saved = requests.save(request(RequestKind.ACCESS, accountId(), days(0)));
            db.run(() -> db.ctx()
                    .update(PRIVACY_REQUESTS)
                    .set(PRIVACY_REQUESTS.STATUS, "IGNORED")
                    .where(PRIVACY_REQUESTS.ID.eq(saved.id().value()))
                    .execute());

            assertThatThrownBy(() -> requests.find(saved.id()))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("privacy_requests.status")
                    .hasMessageContaining("IGNORED");
        }

        @Test
        void an_unknown_outcome_is_a_clear_violation() {
            PrivacyRequests requests = privacyRequests();
            PrivacyRequest saved = requests.save(erasureInProgress(accountId(), days(0)));
            db.run(() -> db.ctx()
                    .update(ERASURE_ITEMS)
                    .set(ERASURE_ITEMS.OUTCOME, "FORGOTTEN")
                    .where(ERASURE_ITEMS.REQUEST_ID.eq(saved.id().value()).and(ERASURE_ITEMS.POSITION.eq(1)))
                    .execute());

            assertThatThrownBy(() -> requests.ofAccount(saved.account()))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("erasure_items.outcome")
                    .hasMessageContaining("FORGOTTEN");
        }
    }
}
