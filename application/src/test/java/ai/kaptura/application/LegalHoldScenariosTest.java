package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.HoldAccount;
import ai.kaptura.ports.out.Mail;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R11: a legal hold keeps an account's selfies, headshots, their rows and its key past every rule that would delete
 * them, and only those; lifting it deletes what is due. Every step is audited, and the person is told what is kept.
 */
@Tag("R11")
class LegalHoldScenariosTest {

    private static final Actor OPERATOR = new Actor(Actor.Kind.OPERATOR, "op-ana");
    private static final String REFERENCE = "Cook County Circuit Court 2028-L-001234";

    private final TestKaptura k = new TestKaptura().withPolicy();

    private HoldAccount.Outcome hold(Journey j) {
        return k.holdAccount.place(
                OPERATOR, j.email, LegalHold.Basis.WARRANT, REFERENCE, "Preservation order in a fraud investigation");
    }

    private List<AuditEntry> audited(AuditAction action) {
        return k.stores.auditLog().read(1, 10_000).stream()
                .filter(e -> e.event().action() == action)
                .toList();
    }

    private long headshots(Journey j) {
        return j.current().headshots().size();
    }

    @Test
    void a_legal_hold_keeps_the_selfies_past_delivery_and_lifting_it_deletes_them() {
        Journey j = new Journey(k, "ada@example.com").generating();
        assertThat(hold(j)).isEqualTo(new HoldAccount.Outcome.Placed(j.account));

        j.generationFinishes();
        k.runDueJobs();
        k.pass(Duration.ofDays(2), k.retention::handle);

        assertThat(j.current().liveSelfies()).as("delivered, yet held").hasSize(8);
        assertThat(k.vault.countOf(j.account)).isEqualTo(8 + headshots(j));
        assertThat(j.current().model())
                .as("the vendor's model is not ours to hold: it goes all the same")
                .get()
                .isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(audited(AuditAction.LEGAL_HOLD_PLACED)).singleElement().satisfies(e -> {
            assertThat(e.event().actor()).isEqualTo(OPERATOR);
            assertThat(e.event().rule()).isEqualTo(Rule.R11);
            assertThat(e.event().details()).containsEntry("reference", REFERENCE);
        });

        k.clock.advance(Duration.ofMinutes(1));
        assertThat(k.holdAccount.lift(OPERATOR, j.email, "The court released the evidence"))
                .isEqualTo(new HoldAccount.Outcome.Lifted(j.account));
        k.runDueJobs();

        assertThat(j.current().selfies())
                .allSatisfy(s -> assertThat(s)
                        .isInstanceOfSatisfying(
                                Selfie.Deleted.class,
                                d -> assertThat(d.evidence().reason()).isEqualTo(DeletionReason.HEADSHOTS_DELIVERED)));
        assertThat(k.vault.countOf(j.account))
                .as("the headshots live on while the account does (R15)")
                .isEqualTo(headshots(j));
        assertThat(audited(AuditAction.LEGAL_HOLD_LIFTED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().actor()).isEqualTo(OPERATOR));
        assertThat(k.holdAccount.active()).isEmpty();
        assertThat(k.legalHolds.history(j.account))
                .singleElement()
                .isInstanceOfSatisfying(
                        AccountHold.Lifted.class,
                        h -> assertThat(h.liftReason()).isEqualTo("The court released the evidence"));
    }

    @Test
    void a_deletion_already_due_waits_for_the_hold_and_resumes_when_it_is_lifted() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.clock.advance(Duration.ofDays(7));
        k.retention.handle(); // the abandoned draft's selfies are due; their deletion is queued
        hold(j);

        k.runDueJobs();
        k.pass(Duration.ofHours(2), k.retention::handle);

        assertThat(j.current().selfies()).allMatch(Selfie.PendingDeletion.class::isInstance);
        assertThat(k.vault.countOf(j.account)).isEqualTo(8);
        assertThat(audited(AuditAction.DELETION_HELD))
                .as("the held deletion is audited once, and the sweep does not queue it again while held")
                .singleElement()
                .satisfies(e -> assertThat(e.event().rule()).isEqualTo(Rule.R11));
        k.alarms.check();
        assertThat(k.stores.alarms().raised())
                .as("held selfies are not late")
                .noneMatch(alarm -> alarm.promise() == Promise.SELFIES_PAST_DUE);

        k.holdAccount.lift(OPERATOR, j.email, "The court released the evidence");
        k.runDueJobs();

        assertThat(j.current().selfies()).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(k.vault.countOf(j.account)).isZero();
    }

    @Test
    void an_erasure_under_a_legal_hold_erases_the_rest_and_keeps_the_held_photos() {
        Journey j = new Journey(k, "ada@example.com").generating();
        hold(j);
        j.generationFinishes();
        k.runDueJobs();
        long kept = k.vault.countOf(j.account);
        assertThat(kept).isEqualTo(8 + headshots(j));

        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();

        PrivacyRequest done = k.request(erasure);
        assertThat(done.status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(done.checklist().orElseThrow().items().get(Location.PHOTO_VAULT))
                .get()
                .isInstanceOfSatisfying(LocationOutcome.HeldUnderLegalHold.class, r -> {
                    assertThat(r.whatIsKept()).isEqualTo(AccountHold.WHAT_IS_KEPT);
                    assertThat(r.ground()).isEqualTo(ai.kaptura.domain.privacy.RetentionGround.LEGAL_CLAIMS);
                    assertThat(r.detail()).isEqualTo("warrant " + REFERENCE);
                });
        assertThat(k.stores.accounts().find(j.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASED);
        assertThat(k.stores.accounts().findByEmail(j.email)).isEmpty();
        assertThat(k.stores.consentLedger().ofAccount(j.account)).isEmpty();
        assertThat(j.current().model()).get().isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(k.vault.countOf(j.account)).isEqualTo(kept);
        assertThat(j.current().selfies())
                .as("due for deletion since the erasure, and waiting for the hold")
                .hasSize(8)
                .allMatch(Selfie.PendingDeletion.class::isInstance);
        assertThat(audited(AuditAction.DELETION_HELD)).isNotEmpty();
        assertThat(k.mailer.latest(Mail.KeptUnderLegalHold.class, j.email)).hasValueSatisfying(m -> {
            assertThat(m.request()).isEqualTo(erasure);
            assertThat(m.legalBasis()).contains(REFERENCE);
            assertThat(m.whatIsKept()).isEqualTo(AccountHold.WHAT_IS_KEPT);
        });
        assertThat(k.mailer.latest(Mail.PrivacyRequestCompleted.class, j.email))
                .as("the completion is the mail that says what is kept")
                .isEmpty();

        k.clock.advance(TestKaptura.ORPHAN_GRACE.plusMinutes(1));
        assertThat(k.reconciliation.handle().deleted())
                .as("the held photos are no orphans: their rows are kept")
                .isZero();
        assertThat(k.vault.countOf(j.account)).isEqualTo(kept);
    }

    @Test
    void lifting_the_hold_on_an_account_erased_under_it_erases_what_it_kept() {
        Journey j = new Journey(k, "ada@example.com").generating();
        hold(j);
        j.generationFinishes();
        k.runDueJobs();
        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();
        k.clock.advance(Duration.ofDays(30));

        assertThat(k.holdAccount.lift(OPERATOR, j.email, "The court released the evidence"))
                .as("the address is forgotten: the hold is lifted by the account's id")
                .isEqualTo(new HoldAccount.Outcome.Refused(
                        Rejection.of(Rejection.Reason.NOT_FOUND, "No account has this address")));
        assertThat(k.holdAccount.active())
                .singleElement()
                .satisfies(h -> assertThat(h.account()).isEqualTo(j.account));
        assertThat(k.holdAccount.lift(OPERATOR, j.account, "The court released the evidence"))
                .isEqualTo(new HoldAccount.Outcome.Lifted(j.account));
        k.pass(Duration.ofMinutes(10));

        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.stores.orders().ofAccount(j.account)).isEmpty();
        assertThat(audited(AuditAction.HELD_DATA_ERASED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().subject().id()).isEqualTo(erasure.toString()));
        assertThat(audited(AuditAction.SELFIE_DELETED)).hasSize(8);
        assertThat(k.stores.deletionRecords().since(TestKaptura.START, 100))
                .anyMatch(e -> e.where().equals(Location.PHOTO_VAULT));
    }

    @Test
    void a_hold_placed_on_an_account_under_erasure_tells_the_person_what_is_kept_and_why() {
        Journey j = new Journey(k, "ada@example.com").training();
        k.vendor().keepDespiteDeletion(j.model());
        PrivacyRequestId erasure = k.erase.erase(j.account).request();
        k.runDueJobs();
        assertThat(k.isOpen(erasure))
                .as("the vendor has not deleted the model yet")
                .isTrue();

        hold(j);
        k.runDueJobs();

        assertThat(k.mailer.latest(Mail.KeptUnderLegalHold.class, j.email)).hasValueSatisfying(m -> {
            assertThat(m.request()).isEqualTo(erasure);
            assertThat(m.legalBasis()).isEqualTo("GDPR Art. 17(3)(e): legal claims — warrant " + REFERENCE);
        });
        assertThat(j.current().model())
                .as("the vendor's model is still to be deleted")
                .get()
                .isInstanceOf(VendorModel.DeletionRequested.class);
    }

    @Test
    void a_hold_is_refused_without_an_account_twice_or_without_a_reason_and_lifting_needs_one() {
        Journey j = new Journey(k, "ada@example.com").signIn();

        assertThat(k.holdAccount.place(
                        OPERATOR,
                        EmailAddress.of("nobody@example.com"),
                        LegalHold.Basis.SUBPOENA,
                        REFERENCE,
                        "Preservation order in a fraud investigation"))
                .isInstanceOfSatisfying(
                        HoldAccount.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.NOT_FOUND));
        assertThat(k.holdAccount.place(OPERATOR, j.email, LegalHold.Basis.SUBPOENA, REFERENCE, "because"))
                .isInstanceOfSatisfying(
                        HoldAccount.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.INVALID_VALUE));
        assertThat(k.holdAccount.lift(OPERATOR, j.email, "The court released the evidence"))
                .isEqualTo(new HoldAccount.Outcome.NotHeld(j.account));
        assertThat(hold(j)).isInstanceOf(HoldAccount.Outcome.Placed.class);
        assertThat(hold(j))
                .isEqualTo(new HoldAccount.Outcome.AlreadyHeld(
                        j.account, k.legalHolds.activeOn(j.account).orElseThrow()));
        assertThat(k.holdAccount.lift(OPERATOR, j.email, "short"))
                .isInstanceOfSatisfying(
                        HoldAccount.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.INVALID_VALUE));
        assertThat(k.holdAccount.active()).hasSize(1);
        assertThat(audited(AuditAction.LEGAL_HOLD_PLACED)).hasSize(1);
        assertThat(audited(AuditAction.LEGAL_HOLD_LIFTED)).isEmpty();
    }
}
