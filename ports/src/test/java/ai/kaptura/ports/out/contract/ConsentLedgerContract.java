package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.consent;
import static ai.kaptura.ports.out.contract.ContractFixtures.draft;
import static ai.kaptura.ports.out.contract.ContractFixtures.grant;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.orderId;
import static ai.kaptura.ports.out.contract.ContractFixtures.refusal;
import static ai.kaptura.ports.out.contract.ContractFixtures.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.ConsentLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsentLedger} must do: keep each record exactly, in append order, never
 * overwrite one, and reduce an erased account's records to tombstones.
 *
 * <p><b>Tombstones.</b> Erasure replaces each record by its {@link ConsentTombstone}: purpose, decision,
 * policy version, notice hash, method and time, without the order link and the language. The live records
 * are gone, so nothing of the erased account can count as consent any more.
 *
 * <p>{@link #ledger()} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty ledger; the race tests use it from several threads.
 */
public abstract class ConsentLedgerContract {

    /** A fresh, empty ledger. */
    protected abstract ConsentLedger ledger();

    @Test
    void an_empty_ledger_has_nothing_for_an_account() {
        ConsentLedger ledger = ledger();

        assertThat(ledger.ofAccount(accountId())).isEmpty();
        assertThat(ledger.reduceToTombstones(accountId())).isZero();
    }

    @Test
    void every_kind_of_record_survives_a_round_trip_exactly() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        OrderId order = orderId();
        List<ConsentRecord> records = List.of(
                grant(account, order, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0)),
                refusal(account, order, ConsentPurpose.VENDOR_DISCLOSURE, minutes(0)),
                consent(
                        account,
                        Optional.of(order),
                        ConsentPurpose.VENDOR_DISCLOSURE,
                        ConsentDecision.GRANTED,
                        ConsentMethod.CHECKBOX_AT_RENEWAL,
                        minutes(1)),
                withdrawal(account, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(2)),
                consent(
                        account,
                        Optional.empty(),
                        ConsentPurpose.VENDOR_DISCLOSURE,
                        ConsentDecision.WITHDRAWN,
                        ConsentMethod.ERASURE_REQUEST,
                        minutes(3)),
                consent(
                        account,
                        Optional.empty(),
                        ConsentPurpose.BIOMETRIC_PROCESSING,
                        ConsentDecision.WITHDRAWN,
                        ConsentMethod.MINOR_FLAG,
                        minutes(4)));

        records.forEach(ledger::append);

        assertThat(ledger.ofAccount(account)).containsExactlyElementsOf(records);
    }

    @Test
    void records_come_back_in_append_order_even_when_their_times_are_equal_or_out_of_order() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        OrderId order = orderId();
        ConsentRecord first = grant(account, order, ConsentPurpose.VENDOR_DISCLOSURE, minutes(10));
        ConsentRecord sameInstant = grant(account, order, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(10));
        ConsentRecord earlierClock = withdrawal(account, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(5));
        ConsentRecord last = withdrawal(account, ConsentPurpose.VENDOR_DISCLOSURE, minutes(20));

        List.of(first, sameInstant, earlierClock, last).forEach(ledger::append);

        assertThat(ledger.ofAccount(account)).containsExactly(first, sameInstant, earlierClock, last);
    }

    @Test
    void of_account_answers_only_that_accounts_records() {
        ConsentLedger ledger = ledger();
        AccountId ann = accountId();
        AccountId bob = accountId();
        ConsentRecord annGrant = grant(ann, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));
        ConsentRecord bobGrant = grant(bob, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1));
        ConsentRecord annWithdrawal = withdrawal(ann, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(2));

        List.of(annGrant, bobGrant, annWithdrawal).forEach(ledger::append);

        assertThat(ledger.ofAccount(ann)).containsExactly(annGrant, annWithdrawal);
        assertThat(ledger.ofAccount(bob)).containsExactly(bobGrant);
    }

    @Test
    void appending_an_id_twice_is_refused_and_the_original_is_kept() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        OrderId order = orderId();
        ConsentRecord original = grant(account, order, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));
        ledger.append(original);
        ConsentRecord overwrite = new ConsentRecord(
                original.id(),
                account,
                Optional.of(order),
                original.purpose(),
                ConsentDecision.REFUSED,
                original.policyVersion(),
                original.noticeHash(),
                original.method(),
                original.language(),
                minutes(1));

        assertThatThrownBy(() -> ledger.append(overwrite)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ledger.append(original)).isInstanceOf(IllegalStateException.class);

        assertThat(ledger.ofAccount(account)).containsExactly(original);
    }

    @Test
    void an_id_is_unique_across_accounts() {
        ConsentLedger ledger = ledger();
        ConsentRecord original = withdrawal(accountId(), ConsentPurpose.VENDOR_DISCLOSURE, minutes(0));
        ledger.append(original);
        AccountId other = accountId();
        ConsentRecord sameIdElsewhere = new ConsentRecord(
                original.id(),
                other,
                Optional.empty(),
                original.purpose(),
                original.decision(),
                original.policyVersion(),
                original.noticeHash(),
                original.method(),
                original.language(),
                original.recordedAt());

        assertThatThrownBy(() -> ledger.append(sameIdElsewhere)).isInstanceOf(IllegalStateException.class);

        assertThat(ledger.ofAccount(other)).isEmpty();
        assertThat(ledger.ofAccount(original.account())).containsExactly(original);
    }

    @Test
    void of_eight_threads_appending_the_same_record_exactly_one_succeeds() {
        ConsentLedger ledger = ledger();
        ConsentRecord record = grant(accountId(), orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));

        Concurrently.oneWinner(
                8,
                i -> {
                    ledger.append(record);
                    return true;
                },
                IllegalStateException.class);
        assertThat(ledger.ofAccount(record.account())).containsExactly(record);
    }

    @Test
    void eight_threads_appending_different_records_lose_none() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        OrderId order = orderId();

        List<List<ConsentRecord>> appended = Concurrently.all(8, i -> {
            List<ConsentRecord> mine = new ArrayList<>();
            for (int n = 0; n < 25; n++) {
                ConsentRecord r = grant(account, order, ConsentPurpose.values()[n % 2], minutes(i * 100 + n));
                ledger.append(r);
                mine.add(r);
            }
            return mine;
        });

        List<ConsentRecord> stored = ledger.ofAccount(account);
        assertThat(stored).hasSize(200);
        assertThat(stored)
                .containsExactlyInAnyOrderElementsOf(
                        appended.stream().flatMap(List::stream).toList());
        for (List<ConsentRecord> threadRecords : appended) {
            assertThat(stored.stream().filter(threadRecords::contains).toList())
                    .containsExactlyElementsOf(threadRecords);
        }
    }

    // ---- tombstones ----------------------------------------------------------------------------

    @Test
    void erasure_reduces_every_record_of_the_account_to_a_tombstone_keeping_the_proof() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        Order first = draft(account, minutes(0));
        Order second = draft(account, minutes(30));
        List<ConsentRecord> originals = List.of(
                grant(account, first.id(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1)),
                grant(account, first.id(), ConsentPurpose.VENDOR_DISCLOSURE, minutes(1)),
                grant(account, second.id(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(31)),
                refusal(account, second.id(), ConsentPurpose.VENDOR_DISCLOSURE, minutes(31)),
                withdrawal(account, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(40)),
                withdrawal(account, ConsentPurpose.VENDOR_DISCLOSURE, minutes(40)));
        originals.forEach(ledger::append);
        assertThat(ledger.tombstonesOf(account)).isEmpty();

        int reduced = ledger.reduceToTombstones(account);

        assertThat(reduced).isEqualTo(originals.size());
        assertThat(ledger.ofAccount(account))
                .as("no live record of an erased account remains")
                .isEmpty();
        assertThat(ledger.tombstonesOf(account))
                .containsExactlyElementsOf(
                        originals.stream().map(ConsentRecord::tombstone).toList());
        for (Order order : List.of(first, second)) {
            ConsentState state = ConsentState.of(order, ledger.ofAccount(account));
            for (ConsentPurpose purpose : ConsentPurpose.values()) {
                assertThat(state.latest(purpose)).isEmpty();
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("R50")
    void the_ledger_is_counted_per_notice_version_purpose_and_decision_with_tombstones_apart() {
        ConsentLedger ledger = ledger();
        AccountId kept = accountId();
        AccountId erased = accountId();
        Order keptOrder = draft(kept, minutes(0));
        Order erasedOrder = draft(erased, minutes(0));
        ledger.append(grant(kept, keptOrder.id(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1)));
        ledger.append(grant(erased, erasedOrder.id(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1)));
        ledger.append(refusal(erased, erasedOrder.id(), ConsentPurpose.VENDOR_DISCLOSURE, minutes(1)));
        ledger.reduceToTombstones(erased);

        List<ConsentLedger.Count> counts = ledger.counts();

        assertThat(counts)
                .anySatisfy(c -> {
                    assertThat(c.purpose()).isEqualTo(ConsentPurpose.BIOMETRIC_PROCESSING);
                    assertThat(c.decision()).isEqualTo(ai.kaptura.domain.consent.ConsentDecision.GRANTED);
                    assertThat(c.live()).isEqualTo(1);
                    assertThat(c.tombstones()).isEqualTo(1);
                })
                .anySatisfy(c -> {
                    assertThat(c.purpose()).isEqualTo(ConsentPurpose.VENDOR_DISCLOSURE);
                    assertThat(c.decision()).isEqualTo(ai.kaptura.domain.consent.ConsentDecision.REFUSED);
                    assertThat(c.live()).isZero();
                    assertThat(c.tombstones()).isEqualTo(1);
                });
        assertThat(counts.stream().mapToLong(c -> c.live() + c.tombstones()).sum())
                .isEqualTo(3);
    }

    @Test
    void erasure_leaves_other_accounts_untouched() {
        ConsentLedger ledger = ledger();
        AccountId erased = accountId();
        AccountId other = accountId();
        ConsentRecord othersGrant = grant(other, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));
        ConsentRecord othersWithdrawal = withdrawal(other, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1));
        ledger.append(grant(erased, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0)));
        ledger.append(othersGrant);
        ledger.append(withdrawal(erased, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1)));
        ledger.append(othersWithdrawal);

        assertThat(ledger.reduceToTombstones(erased)).isEqualTo(2);

        assertThat(ledger.ofAccount(other)).containsExactly(othersGrant, othersWithdrawal);
        assertThat(ledger.tombstonesOf(other)).isEmpty();
    }

    @Test
    void reducing_twice_reduces_nothing_more_and_changes_nothing() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        ledger.append(grant(account, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0)));
        ledger.append(withdrawal(account, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1)));
        ledger.reduceToTombstones(account);
        List<ConsentTombstone> tombstones = ledger.tombstonesOf(account);

        assertThat(ledger.reduceToTombstones(account)).isZero();

        assertThat(ledger.tombstonesOf(account)).containsExactlyElementsOf(tombstones);
    }

    @Test
    void a_tombstones_id_stays_taken() {
        ConsentLedger ledger = ledger();
        AccountId account = accountId();
        ConsentRecord original = grant(account, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));
        ledger.append(original);
        ledger.reduceToTombstones(account);

        assertThatThrownBy(() -> ledger.append(original)).isInstanceOf(IllegalStateException.class);

        assertThat(ledger.ofAccount(account)).isEmpty();
        assertThat(ledger.tombstonesOf(account)).containsExactly(original.tombstone());
    }
}
